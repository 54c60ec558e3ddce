// The flags of each command, with the help text `--help` shows. Values are taken as strings and checked by
// the launcher's own resolvers, so a bad value gets a message naming its flag rather than a silent NaN.
import type { Options } from 'yargs';

/** Flags of the server command (INTERFACES.md "Launchers"). */
export const SERVER_OPTIONS: Readonly<Record<string, Options>> = {
  home: { type: 'string', describe: 'Server home (ECF_HOME) [env ISOBAR_HOME] (default ./isobar-home)' },
  port: { type: 'string', describe: 'TCP port, 0 = pick a free one [env ISOBAR_PORT, else ECF_PORT] (default 3141)' },
  bind: {
    type: 'string',
    describe: 'Address to bind; :: or 0.0.0.0 for all interfaces [env ISOBAR_BIND] (default 127.0.0.1)',
  },
  config: { type: 'string', describe: 'Config file (JSON) (default <home>/isobar.json when it exists)' },
  'tls-cert': { type: 'string', describe: 'Server certificate (PEM); serve HTTPS' },
  'tls-key': { type: 'string', describe: 'Private key of --tls-cert (PEM)' },
  'tls-ca': { type: 'string', describe: 'CA bundle that client certificates are checked against' },
  'require-client-cert': {
    type: 'boolean',
    describe: 'Mutual TLS: refuse clients without a certificate from --tls-ca',
  },
  'access-log': { type: 'string', describe: 'Access log: a file, or "stdout"' },
  'access-log-format': {
    type: 'string',
    describe: 'Access log format: common, combined, framework (default), json, or verbs such as \'%h "%r" %s %b\'',
  },
  'log-level': { type: 'string', describe: 'Server log level: error, warn, info (default), debug' },
  'log-file': { type: 'string', describe: 'Write the server log to this file (reopened on SIGHUP) instead of stderr' },
  halted: { type: 'boolean', describe: 'Start in the HALTED state (no jobs are submitted)' },
  checkpoint: {
    type: 'string',
    describe:
      'Automatic checkpoints: always, never, on_time or on_time:SECONDS [env ISOBAR_CHECKPOINT] (default on_time:120)',
  },
  dev: { type: 'boolean', describe: 'Development mode: stack traces in error bodies' },
  rest: { type: 'string', describe: 'In-process REST bridge [PORT] — not available yet (exits 2)' },
  udp: { type: 'string', describe: 'In-process UDP bridge [PORT] — not available yet (exits 2)' },
  'job-port': {
    type: 'string',
    describe: 'Second listener for job traffic: child commands only, plain HTTP [env ISOBAR_JOB_PORT] (default none)',
  },
  'job-bind': {
    type: 'string',
    describe: 'Address of the job listener, e.g. an internal interface [env ISOBAR_JOB_BIND] (default --bind)',
  },
};

/** `--home` of `init` and `users`. */
export const HOME_OPTION: Readonly<Record<string, Options>> = {
  home: { type: 'string', describe: 'Server home [env ISOBAR_HOME] (default ./isobar-home)' },
};

/** Flags of `init`. */
export const INIT_OPTIONS: Readonly<Record<string, Options>> = {
  ...HOME_OPTION,
  force: { type: 'boolean', describe: 'Overwrite the config, certificates and admin password of an existing home' },
  port: { type: 'string', describe: 'Port written to the config (default 3141)' },
  tls: { type: 'boolean', describe: 'Configure the server to serve HTTPS with the new certificate' },
};

/** Password flags of `users add|passwd|verify`. */
export const PASSWORD_OPTIONS: Readonly<Record<string, Options>> = {
  password: { type: 'string', describe: 'The password (visible to other local users in the process list)' },
  'password-stdin': { type: 'boolean', describe: 'Read the password from stdin (one line)' },
};

/** Flags of `users add`. */
export const ADD_OPTIONS: Readonly<Record<string, Options>> = {
  role: {
    type: 'string',
    array: true,
    choices: ['viewer', 'operator', 'admin'],
    describe: 'Role (repeatable) (default viewer)',
  },
  suite: { type: 'string', array: true, describe: 'Restrict changes to this suite (repeatable) (default all suites)' },
};
