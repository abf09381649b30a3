/**
 * @module Holiday calendars: `YYYY-MM-DD` dates, read in each schedule's own zone.
 */
import { err, ok, type Result } from "../result.js";
import { parseDate } from "../time/zone.js";
import type { HolidayCalendar, ScheduleError } from "./types.js";

export function holidayCalendar(dates: readonly string[]): Result<HolidayCalendar, ScheduleError> {
  const days = new Set<number>();
  for (const text of dates) {
    const day = parseDate(text.trim());
    if (day === null) {
      return err({
        code: "InvalidSchedule",
        token: text,
        message: `invalid holiday date '${text}' (expected YYYY-MM-DD, a real calendar date)`,
      });
    }
    days.add(day);
  }
  return ok(days);
}
