import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on `host` by binding port 0 and closing again. Prefer passing port 0
 * straight to the server under test; use this only where a port must be known before the process starts
 * (a launcher's `--port` flag, an ecFlow server).
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
