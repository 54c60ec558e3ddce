export { parseDefs, type ParseDefsOptions } from './parse-defs.js';
