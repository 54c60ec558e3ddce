export { type CivilDate, DAY_MS, HOUR_MS, MINUTE_MS, civilFromEpochDay, epochDayFromCivil } from './civil.js';
export { type CancelTimer, type Clock, MAX_TIMEOUT_MS, type RealClockOptions, createRealClock } from './clock.js';
export { cronAcceptsDay } from './cron.js';
export { type LateInput, type LateStatus, effectiveLate, lateStatus } from './late.js';
export {
  type NodeTimeAttributes,
  type SlotStatusOptions,
  type TimeStatus,
  expireNextSlot,
  hasTimeDependencies,
  nodeTimeStatus,
} from './node-time.js';
export {
  type Blackout,
  DEFAULT_CATCH_UP_LIMIT_MS,
  type SuiteCalendar,
  type SuiteCalendarOptions,
  createSuiteCalendar,
  endClockInstant,
  instantOfSuiteTime,
  recordDowntime,
  suiteDateAt,
  suiteTimeAt,
} from './suite-calendar.js';
export { SUITE_CALENDAR_VARIABLES, type SuiteCalendarVariable, suiteGeneratedVariables } from './suite-variables.js';
export {
  type NodeTimeContext,
  type RequeueKind,
  type TimeInput,
  beginTimeContext,
  requeueTimeContext,
} from './time-context.js';
export { type RequeueCheckOptions, completesAtHybridBegin, shouldRequeueForTime } from './time-requeue.js';
export { type TimerEntry, TimerHeap } from './timer-heap.js';
export { VirtualClock } from './virtual-clock.js';
export { isTimeZone } from './zone.js';
