// Job generation and submission: script location, pre-processing (`%include`, `%VAR%`…), job files per try,
// ECF_JOB_CMD / ECF_KILL_CMD / ECF_STATUS_CMD through /bin/sh, and the engine's JobSubmitter.
export * from './expand-includes.js';
export * from './generate-job.js';
export * from './job-environment.js';
export * from './job-error.js';
export * from './job-runner.js';
export * from './locate-script.js';
export * from './node-files.js';
export * from './preprocess-script.js';
export * from './script-files.js';
export * from './script-line.js';
export * from './shell-command.js';
export * from './shell-launcher.js';
export * from './substitute-variables.js';
