export * from './model/index.js';
export * from './expr/index.js';
export * from './time/index.js';
export * from './engine/index.js';
export * from './simulate/index.js';
export * from './auth/index.js';
export * from './http/index.js';
export * from './procedures/index.js';
export { createServer, type IsobarServer } from './server.js';
