// The server home's layout (INTERFACES.md "Server home layout"), in one place.
import { join } from 'node:path';

/** The paths inside a server home. */
export interface HomeLayout {
  readonly home: string;
  readonly config: string;
  readonly users: string;
  readonly tls: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly journal: string;
  readonly log: string;
  readonly accessLog: string;
  readonly run: string;
}

/** The layout of `home` (an absolute path). */
export function homeLayout(home: string): HomeLayout {
  return {
    home,
    config: join(home, 'isobar.json'),
    users: join(home, 'users.json'),
    tls: join(home, 'tls'),
    caCert: join(home, 'tls', 'ca.crt'),
    caKey: join(home, 'tls', 'ca.key'),
    serverCert: join(home, 'tls', 'server.crt'),
    serverKey: join(home, 'tls', 'server.key'),
    journal: join(home, 'journal'),
    log: join(home, 'log'),
    accessLog: join(home, 'log', 'access.log'),
    run: join(home, 'run'),
  };
}
