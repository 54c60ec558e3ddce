// The runtime node tree of the engine: node classes, states and flags, attributes with their run-time values,
// the path index, state propagation, variables, and conversion from and to the protocol's `Defs` model.
export * from './attributes.js';
export * from './build-attributes.js';
export * from './build-tree.js';
export * from './calendar-math.js';
export * from './consistency.js';
export * from './generated-variables.js';
export * from './intern.js';
export * from './node-flags.js';
export * from './node-marks.js';
export * from './node-state.js';
export * from './repeat-values.js';
export * from './runtime-node.js';
export * from './runtime-tree.js';
export * from './state-propagation.js';
export * from './to-defs.js';
export * from './to-tree-json.js';
export * from './tree-listener.js';
export * from './variables.js';
export * from './structure.js';
