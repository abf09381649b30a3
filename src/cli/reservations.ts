/**
 * @module `gpu-warden reservations`: per region and VM size, gpu-warden's reservation advice
 * from the last 30 days of pool samples — what to reserve (quantity, term, annual savings,
 * break-even uptime, price basis) or why not (reasons, and what reserving would lose a year) —
 * with Azure's own recommendations beside it. Read-only. Exit 1 when prices or Azure's
 * recommendations could not be read (the advice is printed first).
 */
import type { Command } from "commander";
import { reservationAdvice, type ReservationReport } from "../app/reservations.js";
import {
  describePoolRefusal,
  describeTerms,
  describeVerdict,
  type AdviceBesideAzure,
  type AzureReservationRecommendation,
} from "../core/reservations/index.js";
import { formatInstant } from "../core/time/zone.js";
import { withCommonFlags, withRuntime, type CommonFlags } from "./context.js";
import { CliError, EXIT } from "./errors.js";
import { writeOut } from "./io.js";

export function registerReservationsCommand(program: Command): void {
  withCommonFlags(program.command("reservations"))
    .description(
      "Reservation advice per region and VM size from 30 days of pool samples, beside Azure's own",
    )
    .action((flags: CommonFlags) =>
      withRuntime(flags, async ({ runtime, emulator }) => {
        const { prices } = runtime;
        if (prices === undefined) {
          throw new CliError("this runtime has no price reader", EXIT.failure);
        }
        const now = emulator ? emulator.clock.now() : new Date();
        const report = await reservationAdvice(
          {
            store: runtime.store,
            policy: runtime.policy,
            tickPolicy: runtime.tickPolicy,
            prices,
            subscriptions: runtime.scope.subscriptions,
            ...(runtime.reservationRecommendations
              ? { recommendations: runtime.reservationRecommendations }
              : {}),
          },
          now,
        );
        if (flags.json) writeOut(report);
        else process.stdout.write(renderReservations(report));
        if (report.errors.length > 0) {
          throw new CliError(`could not read ${report.errors.join("; ")}`, EXIT.failure);
        }
      }),
    );
}

const TERM = { "1y": "1-year", "3y": "3-year" } as const;

function azureLine(rec: AzureReservationRecommendation): string {
  return (
    `  Azure (${rec.scope}, ${rec.lookBackPeriod}): ${String(rec.quantity)} for ${TERM[rec.term]}, ` +
    `net savings ${rec.netSavings.toFixed(2)} over the look-back`
  );
}

function renderOne(item: AdviceBesideAzure): string[] {
  const lines: string[] = [];
  if (item.ours === undefined) {
    lines.push(`${item.vmSize} in ${item.region}: no samples from gpu-warden`);
  } else {
    const ours = item.ours;
    lines.push(describeVerdict(ours));
    lines.push(...describeTerms(ours).map((t) => `  ${t}`));
    lines.push(...ours.excluded.map((r) => `  left out: ${describePoolRefusal(r, ours)}`));
  }
  lines.push(
    ...(item.azure.length === 0
      ? ["  Azure: no recommendation (it gives no reason)"]
      : item.azure.map(azureLine)),
  );
  return lines;
}

export function renderReservations(report: ReservationReport): string {
  const at = formatInstant(Date.parse(report.at));
  if (report.advice.length === 0) {
    return `No GPU pool samples in the last ${String(report.hours / 24)} days (at ${at}).\n`;
  }
  return (
    [
      `Reservation advice at ${at}, from ${String(report.hours / 24)} days of hourly GPU pool samples`,
      ...report.advice.flatMap((item) => ["", ...renderOne(item)]),
    ].join("\n") + "\n"
  );
}
