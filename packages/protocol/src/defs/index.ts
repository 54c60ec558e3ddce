// The .def format: model, parser, writer, checker and the trigger-expression language.
export * from './model/index.js';
export * from './parse/index.js';
export * from './write/index.js';
export * from './expr/index.js';
export * from './check/index.js';
