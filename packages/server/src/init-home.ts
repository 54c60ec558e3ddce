// `isobar-server init`: a home ready to run — config, users file with a generated admin password (printed once
// and stored in the local user's credentials file), a local CA and a server certificate.
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { IsobarError, type Logger } from '@isobar/protocol';
import { createUserStore } from '@isobar/core';
import { saveServerCredentials } from './credentials-file.js';
import { homeLayout, type HomeLayout } from './home-layout.js';
import { createLocalCa, issueServerCertificate } from '@isobar/client/certs';

/** Options of {@link initHome}. */
export interface InitHomeOptions {
  /** Absolute path of the home. */
  readonly home: string;
  /** Overwrite the config, certificates and the admin password of an existing home. @default false */
  readonly force?: boolean;
  /** Port written to the config and used in the URL the credentials are stored under. @default 3141 */
  readonly port?: number;
  /** Serve HTTPS with the new certificate (written to the config). @default false */
  readonly tls?: boolean;
  /** Environment that locates the credentials file (HOME, XDG_CONFIG_HOME). */
  readonly env: NodeJS.ProcessEnv;
  readonly logger?: Logger;
}

/** What {@link initHome} made. */
export interface InitHomeResult {
  readonly layout: HomeLayout;
  readonly url: string;
  readonly adminPassword: string;
  readonly credentialsFile: string;
  readonly altNames: readonly string[];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function assertFresh(layout: HomeLayout): Promise<void> {
  for (const path of [layout.config, layout.users, layout.tls]) {
    if (await exists(path)) {
      throw new IsobarError('ALREADY_EXISTS', {
        message: `${layout.home} is already a server home (${path} exists); use --force to overwrite it`,
        details: { path },
      });
    }
  }
}

async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600); // an overwritten file keeps its old mode otherwise
}

async function writeCertificates(layout: HomeLayout, altNames: readonly string[]): Promise<void> {
  await mkdir(layout.tls, { recursive: true, mode: 0o700 });
  const ca = await createLocalCa(`Isobar local CA (${hostname()})`);
  const server = await issueServerCertificate(ca, { altNames });
  await writeFile(layout.caCert, ca.cert, { mode: 0o644 });
  await writeSecret(layout.caKey, ca.key);
  await writeFile(layout.serverCert, server.cert, { mode: 0o644 });
  await writeSecret(layout.serverKey, server.key);
}

async function writeAdmin(layout: HomeLayout, password: string, logger: Logger | undefined): Promise<void> {
  const users = await createUserStore({ home: layout.home, watch: false, ...(logger ? { logger } : {}) });
  try {
    if (users.get('admin') === undefined) {
      await users.add({ user: 'admin', password, roles: ['admin'] });
    } else {
      await users.passwd('admin', password);
      await users.update('admin', { roles: ['admin'], suites: null });
    }
  } finally {
    users.close();
  }
}

/**
 * Creates (or with `force` re-creates) a server home. Other users of an existing users file are kept; the
 * `admin` user gets a new generated password.
 *
 * @throws IsobarError `ALREADY_EXISTS` when `home` is already a server home and `force` is not set.
 */
export async function initHome(options: InitHomeOptions): Promise<InitHomeResult> {
  const layout = homeLayout(options.home);
  if (options.force !== true) await assertFresh(layout);
  for (const dir of [layout.home, layout.journal, layout.log, layout.run]) await mkdir(dir, { recursive: true });
  const port = options.port ?? 3141;
  const tls = options.tls === true;
  const host = hostname();
  const altNames = ['localhost', ...(host !== 'localhost' && host !== '' ? [host] : []), '127.0.0.1', '::1'];
  await writeCertificates(layout, altNames);
  const config = {
    port,
    bind: '127.0.0.1',
    ...(tls ? { tls: { cert: 'tls/server.crt', key: 'tls/server.key', ca: 'tls/ca.crt' } } : {}),
  };
  await writeFile(layout.config, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
  const adminPassword = randomBytes(24).toString('base64url');
  await writeAdmin(layout, adminPassword, options.logger);
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const credentialsFile = await saveServerCredentials(options.env, url, {
    user: 'admin',
    password: adminPassword,
    ...(tls ? { ca: layout.caCert } : {}),
  });
  return { layout, url, adminPassword, credentialsFile, altNames };
}
