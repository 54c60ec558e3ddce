// The server log in ecFlow's format (`log/server.log`): MSG lines for requests, LOG lines for state changes, ERR
// and WAR lines; the file behind the `log` and `msg` methods.
export * from './attach-server-log.js';
export * from './command-line.js';
export * from './log-line.js';
export * from './server-log-file.js';
export * from './server-log-options.js';
export * from './tail-lines.js';
export * from './tee-logger.js';
