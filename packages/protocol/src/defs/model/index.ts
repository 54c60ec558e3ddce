export type * from './attributes.js';
export type * from './misc-attributes.js';
export type * from './time-attributes.js';
export * from './states.js';
export * from './node.js';
export * from './defs.js';
