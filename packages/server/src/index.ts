// The launcher's programmatic surface: the CLI entry (for tests and wrappers) and the pieces it is made of.
export { main, type CliProcess } from './cli.js';
export { EXIT, describeError, exitCodeOf, usageError } from './launcher-errors.js';
export {
  LAUNCHER_DEFAULTS,
  parseBindAddress,
  parsePort,
  resolveHome,
  resolveLauncherOptions,
  type LauncherFlags,
  type ResolvedLauncherOptions,
  type TlsFiles,
} from './launcher-options.js';
export { parseAccessLogFlag, type AccessLogSettings } from './access-log-settings.js';
export { LauncherConfigSchema, type LauncherConfig } from './config-schema.js';
export { loadLauncherConfig, parseLauncherConfig } from './config-file.js';
export { createServerLog, type ServerLog, type ServerLogOptions } from './server-log.js';
export { homeLayout, type HomeLayout } from './home-layout.js';
export { initHome, type InitHomeOptions, type InitHomeResult } from './init-home.js';
export {
  createLocalCa,
  issueServerCertificate,
  toGeneralNames,
  type LocalCa,
  type PemPair,
  type ServerCertificateOptions,
} from '@isobar/client/certs';
export {
  credentialsFilePath,
  saveServerCredentials,
  type CredentialsFile,
  type ServerCredentials,
} from './credentials-file.js';
export { readLiveRunInfo, runFilePath, type RunInfo } from './run-file.js';
export { runUsersCommand, type UsersCommand, type UsersOutput } from './users-command.js';
export { clientUrl, runServer, type ServeProcess } from './serve.js';
