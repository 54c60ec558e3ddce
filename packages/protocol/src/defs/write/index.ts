export { writeDefs, ECFLOW_FORMAT_VERSION, type WriteDefsOptions } from './write-defs.js';
export { writeNode, type WriteNodeOptions } from './write-node.js';
