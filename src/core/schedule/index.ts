/**
 * @module The schedule engine: parse an expression once, then ask for the desired state at an
 * instant or the next transitions from an instant. Pure: time is always an argument.
 */
export { parseSchedule, type ParseOptions } from "./parse.js";
export { checkSchedule, nextTransitions, scheduleZone, stateAt } from "./evaluate.js";
export { holidayCalendar } from "./holidays.js";
export type {
  CronScheduleInput,
  DesiredState,
  HolidayCalendar,
  Schedule,
  ScheduleError,
  Transition,
  Window,
} from "./types.js";
