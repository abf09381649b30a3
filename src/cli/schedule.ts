/**
 * @module `gpu-warden schedule check|next` (SPEC §4): the schedule engine on the command line. A
 * stable contract used by scripts: JSON on stdout with `--json`, a sentence without it; invalid
 * input exits 2 with `error: …` on stderr.
 */
import type { Command } from "commander";
import {
  checkSchedule,
  holidayCalendar,
  nextTransitions,
  parseSchedule,
  scheduleZone,
  type HolidayCalendar,
  type Schedule,
} from "../core/schedule/index.js";
import { formatInstant, localTime, weekday, type Zone } from "../core/time/zone.js";
import { CliError } from "./errors.js";
import { parseInstant, writeOut } from "./io.js";

interface CommonOptions {
  expr: string;
  timezone?: string;
  holidays?: string;
  json?: boolean;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export function registerScheduleCommands(program: Command): void {
  const schedule = program
    .command("schedule")
    .description("Evaluate a schedule expression: its state at an instant, its next transitions");

  common(schedule.command("check"))
    .description("Print the desired state at an instant and when it next changes")
    .option("--at <instant>", "ISO-8601 instant with Z or an offset (default: now)")
    .action((options: CommonOptions & { at?: string }) => {
      const { parsed, holidays } = prepare(options);
      const at = options.at === undefined ? new Date() : parseInstant(options.at, "--at");
      const { state, nextChange } = checkSchedule(parsed, at, holidays);
      if (options.json) {
        writeOut({ state, nextChange: nextChange ? formatInstant(nextChange.getTime()) : null });
        return;
      }
      const zone = scheduleZone(parsed);
      const until = nextChange
        ? `until ${wallClock(nextChange, zone)} (${formatInstant(nextChange.getTime())})`
        : "with no change within a year";
      process.stdout.write(`${state} ${until}\n`);
    });

  common(schedule.command("next"))
    .description("Print the next N transitions from an instant")
    .option("--from <instant>", "ISO-8601 instant with Z or an offset (default: now)")
    .option("--count <n>", "how many transitions (1-1000)", "5")
    .action((options: CommonOptions & { from?: string; count: string }) => {
      const { parsed, holidays } = prepare(options);
      const from = options.from === undefined ? new Date() : parseInstant(options.from, "--from");
      const count = parseCount(options.count);
      const transitions = nextTransitions(parsed, from, count, holidays);
      if (options.json) {
        writeOut(transitions.map((t) => ({ at: formatInstant(t.at.getTime()), state: t.state })));
        return;
      }
      const zone = scheduleZone(parsed);
      if (transitions.length === 0) process.stdout.write("no transitions within a year\n");
      for (const { at, state } of transitions) {
        const instant = formatInstant(at.getTime());
        process.stdout.write(`${instant}  ${state.padEnd(8)} ${wallClock(at, zone)}\n`);
      }
    });
}

function common(command: Command): Command {
  return command
    .requiredOption("--expr <schedule>", 'schedule expression, e.g. "Mon-Fri 08:00-20:00"')
    .option("--timezone <zone>", "zone for windows that name none (default: UTC)")
    .option("--holidays <dates>", "comma-separated YYYY-MM-DD dates")
    .option("--json", "print JSON");
}

function prepare(options: CommonOptions): { parsed: Schedule; holidays: HolidayCalendar } {
  const parsed = parseSchedule(options.expr, { defaultZone: options.timezone });
  if (!parsed.ok) throw new CliError(parsed.error.message);
  const dates = options.holidays?.split(",").filter((date) => date.trim() !== "") ?? [];
  const holidays = holidayCalendar(dates);
  if (!holidays.ok) throw new CliError(`--holidays: ${holidays.error.message}`);
  return { parsed: parsed.value, holidays: holidays.value };
}

function parseCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new CliError(`--count: expected an integer from 1 to 1000, got '${text}'`);
  }
  return count;
}

/** "Fri 20:00 PST" */
function wallClock(at: Date, zone: Zone | null): string {
  if (!zone) return formatInstant(at.getTime());
  const { day, minute } = localTime(zone, at.getTime());
  const dayName = WEEKDAYS[weekday(day)] ?? "";
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return `${dayName} ${hh}:${mm} ${zone.abbreviation(at.getTime())}`;
}
