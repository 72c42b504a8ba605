import { Agent, type Dispatcher } from 'undici';

/** What a TLS connection to the API server is made with, as KubeConfig.applyToHTTPSOptions yields it. */
export interface ClientTlsOptions {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/**
 * The undici Agent for the current TLS material, rebuilt when that material changes.
 *
 * A client certificate from files (kubelet-style rotation rewrites them) or from an exec plugin
 * (which hands out short-lived ones) changes while the process runs; an Agent keeps the
 * certificate it was built with for every new connection. The client reads the material on every
 * request anyway (bearer tokens rotate too), so comparing it costs nothing. The old Agent is
 * closed gracefully: requests and watches in flight on it finish, then its connections close.
 */
export class ConnectionPool {
  private agent: Agent;
  private material: string;
  /** The read the current Agent's material came from, so a slow read never undoes a newer one. */
  private materialRead = 0;
  private reads = 0;
  private readonly retiring = new Set<Promise<void>>();
  /** How often the pool was rebuilt for new material (for tests and debugging). */
  rotations = 0;

  constructor(tls: ClientTlsOptions) {
    this.material = fingerprint(tls);
    this.agent = createAgent(tls);
  }

  /** Call before reading the TLS material; hand the number to `dispatcherFor` with what was read. */
  startRead(): number {
    return ++this.reads;
  }

  /** The Agent to send a request with whose TLS material was read as `read`. */
  dispatcherFor(tls: ClientTlsOptions, read: number): Dispatcher {
    if (read <= this.materialRead) return this.agent;
    const material = fingerprint(tls);
    this.materialRead = read;
    if (material !== this.material) {
      const old = this.agent;
      this.agent = createAgent(tls);
      this.material = material;
      this.rotations++;
      const closing = old.close().catch(() => undefined);
      this.retiring.add(closing);
      void closing.finally(() => this.retiring.delete(closing));
    }
    return this.agent;
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.close(), ...this.retiring]);
  }
}

function fingerprint(tls: ClientTlsOptions): string {
  return JSON.stringify([tls.ca?.toString(), tls.cert?.toString(), tls.key?.toString(), tls.rejectUnauthorized, tls.servername]);
}

function createAgent(tls: ClientTlsOptions): Agent {
  return new Agent({
    connect: {
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    },
    // HTTP/1.1, one connection per watch, as many as needed. undici's HTTP/2 (its default) ends
    // an idle session by destroying the socket with an error that can reach no listener and
    // crash the process (seen after informers stop); an operator must not die of that.
    allowH2: false,
    // Watches are long polls: undici's default body timeout would cut them after 5 minutes of
    // silence. Each watch has its own deadline instead (watchDeadlineMs).
    bodyTimeout: 0,
    headersTimeout: 60_000,
  });
}
