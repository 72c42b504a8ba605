import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export type Check = () => boolean | Promise<boolean>;

/** Serves /metrics, or /healthz and /readyz, on one port. */
export async function startHttpEndpoint(
  bind: { host: string; port: number },
  routes: { registry?: Registry; healthz?: Check; readyz?: Check },
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answerCheck = async (check: Check) => {
      let ok = false;
      try {
        ok = await check();
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok' : 'not ready');
    };
    if (path === '/metrics' && routes.registry) {
      routes.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'Content-Type': routes.registry!.contentType }).end(body))
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
    } else if ((path === '/healthz' || path === '/livez') && routes.healthz) {
      void answerCheck(routes.healthz);
    } else if (path === '/readyz' && routes.readyz) {
      void answerCheck(routes.readyz);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
