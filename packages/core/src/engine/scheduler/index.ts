// The event-driven scheduler: dependency index, gates, limits, repeats and time re-queues, one timer.
export * from './compiled-expressions.js';
export * from './gates.js';
export * from './limits.js';
export * from './scheduler.js';
export * from './scheduler-why.js';
export * from './time-keeper.js';
export * from './tree-expressions.js';
export * from './wait-expression.js';
