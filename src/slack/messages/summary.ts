/**
 * @module The nightly summary (SPEC §9), posted after the evening stop edge: what was stopped, what
 * kept running (owner and expiry), what failed, and the savings ledger's estimate for the last 24
 * hours with its price basis. A fleet of hundreds collapses into counts plus "… and N more".
 */
import type { Block, SlackMessage } from "../../ports/slack.js";
import { context, header, section } from "../blocks.js";
import { LIMITS } from "../limits.js";
import {
  andMore,
  formatMoney,
  localClock,
  localDay,
  mentionUser,
  packLines,
  safe,
} from "../text.js";

export interface NightlySummaryInput {
  /** When the summary is made (ISO-8601): dates the header, names the day of expiries. */
  readonly at: string;
  readonly zone: string;
  readonly stopped: readonly { readonly cluster: string }[];
  readonly keptRunning: readonly {
    readonly cluster: string;
    readonly owner: string;
    readonly until: string;
    readonly reason?: string;
  }[];
  readonly failed: readonly {
    readonly cluster: string;
    /** E.g. `stop`. */
    readonly action: string;
    readonly error: string;
  }[];
  readonly savings: {
    readonly amount: number;
    readonly currency: string;
    /** How it was priced, e.g. `pay-as-you-go list prices, until 08:00 tomorrow`. */
    readonly basis: string;
  } | null;
}

const NAME_MAX = 80;
/** Sections per list; the rest is counted. */
const STOPPED_SECTIONS = 1;
const LIST_SECTIONS = 8;

export function nightlySummary(input: NightlySummaryInput): SlackMessage {
  const { stopped, keptRunning, failed, savings } = input;
  const blocks: Block[] = [header(`Nightly GPU summary — ${localDay(input.at, input.zone)}`)];

  blocks.push(
    ...listSections(
      `:zzz: *Stopped (${stopped.length})*`,
      stopped.length === 0 ? ["nothing was stopped tonight"] : [namesLine(stopped)],
      STOPPED_SECTIONS,
    ),
  );
  if (keptRunning.length > 0) {
    blocks.push(
      ...listSections(
        `:runner: *Kept running (${keptRunning.length})*`,
        keptRunning.map((k) => {
          const reason =
            k.reason === undefined || k.reason === "" ? "" : ` — ${safe(k.reason, 100)}`;
          const until = localClock(k.until, input.zone, input.at);
          return `• ${safe(k.cluster, NAME_MAX)} — by ${mentionUser(k.owner)} until ${until}${reason}`;
        }),
        LIST_SECTIONS,
      ),
    );
  }
  if (failed.length > 0) {
    blocks.push(
      ...listSections(
        `:x: *Failed (${failed.length})*`,
        failed.map(
          (f) => `• ${safe(f.cluster, NAME_MAX)} — ${safe(f.action, 20)}: ${safe(f.error, 300)}`,
        ),
        LIST_SECTIONS,
      ),
    );
  }
  const money =
    savings === null
      ? "Estimated savings in the last 24 hours: unknown (no prices)"
      : `Estimated savings in the last 24 hours: ${formatMoney(savings.amount, savings.currency)} ` +
        `(${safe(savings.basis, 300)}). Estimates, not billed amounts.`;
  blocks.push(context([`:moneybag: ${money}`]));

  const counts = [`${stopped.length} stopped`, `${keptRunning.length} kept running`];
  if (failed.length > 0) counts.push(`${failed.length} failed`);
  const saved =
    savings === null
      ? ""
      : `; saved about ${formatMoney(savings.amount, savings.currency)} in the last 24 h`;
  return { text: `Nightly GPU summary: ${counts.join(", ")}${saved}`, blocks };
}

/** A titled list in at most `maxSections` sections; the lines that did not fit are counted. */
function listSections(title: string, lines: readonly string[], maxSections: number): Block[] {
  const { chunks, omitted } = packLines([title, ...lines], LIMITS.sectionText, maxSections);
  const more = andMore(omitted);
  const blocks = chunks.map(section);
  if (more !== null) blocks.push(context([more]));
  return blocks;
}

/** `a, b, c … and 212 more`, within one section. */
function namesLine(items: readonly { readonly cluster: string }[]): string {
  const budget = LIMITS.sectionText - 200;
  const names: string[] = [];
  let length = 0;
  for (const item of items) {
    const name = safe(item.cluster, NAME_MAX);
    if (length + name.length + 2 > budget) break;
    names.push(name);
    length += name.length + 2;
  }
  const more = andMore(items.length - names.length);
  return more === null ? names.join(", ") : `${names.join(", ")} ${more}`;
}
