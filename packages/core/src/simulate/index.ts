// In-memory simulation: the engine and scheduler on a virtual clock, with ecFlow's `verify` counts.
export * from './simulate.js';
export { simulationPeriodMs, simulationStart } from './simulation-bounds.js';
