import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** What the proxy does with one request. */
export type ProxyAction =
  /** Pass it on and stream the answer back. */
  | 'forward'
  /** Pass it on, send the answer's status and headers back, then no byte more: a stalled connection. */
  | 'stall'
  /** Pass it on, send the answer's status and headers back, then end the body cleanly at once. */
  | 'end-at-once'
  /** Answer it here, as an overloaded server or a rate-limiting gateway would. */
  | { status: number; retryAfter?: string; body?: string };

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  watch: boolean;
}

/**
 * A plain-HTTP reverse proxy on 127.0.0.1 in front of the real API server, authenticating as the
 * test's kubeconfig user (as `kubectl proxy` does), which a test tells to misbehave the way
 * middleboxes do: stall a watch, end long polls at once, or answer 429. The API server is real;
 * only the path between it and the client is faulty.
 */
export class ApiProxy {
  readonly seen: (ProxiedRequest & { action: ProxyAction })[] = [];
  private readonly server: Server;
  private readonly agent: Agent;
  private readonly sockets = new Set<Socket>();

  private constructor(agent: Agent, target: URL, decide: (request: ProxiedRequest) => ProxyAction) {
    this.agent = agent;
    this.server = createServer((req, res) => this.handle(req, res, target, decide));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(upstream: KubeConfig, decide: (request: ProxiedRequest) => ProxyAction): Promise<ApiProxy> {
    const cluster = upstream.getCurrentCluster();
    if (!cluster) throw new Error('the upstream kubeconfig has no current cluster');
    const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
    await upstream.applyToHTTPSOptions(tls as never);
    const agent = new Agent({ keepAlive: true, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) });
    const proxy = new ApiProxy(agent, new URL(cluster.server), decide);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** A kubeconfig that reaches the API server through this proxy, with no credentials of its own. */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node refuses plain HTTP unless TLS verification is off; there is no TLS to verify.
      clusters: [{ name: 'proxy', server: `http://127.0.0.1:${this.port}`, skipTLSVerify: true }],
      users: [{ name: 'proxy' }],
      contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy' }],
      currentContext: 'proxy',
    });
    return kc;
  }

  watches(): number {
    return this.seen.filter((r) => r.watch).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse, target: URL, decide: (request: ProxiedRequest) => ProxyAction): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, watch: url.searchParams.get('watch') === 'true' };
    const action = decide(request);
    this.seen.push({ ...request, action });
    if (typeof action === 'object') {
      req.resume();
      res.writeHead(action.status, { 'Content-Type': 'application/json', ...(action.retryAfter !== undefined ? { 'Retry-After': action.retryAfter } : {}) });
      res.end(action.body ?? JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: action.status, reason: 'TooManyRequests', message: 'proxy: too many requests' }));
      return;
    }
    const headers = { ...req.headers, host: target.host };
    const upstream = httpsRequest({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent: this.agent }, (answer) => {
      const { connection: _c, 'transfer-encoding': _t, 'keep-alive': _k, ...kept } = answer.headers;
      res.writeHead(answer.statusCode ?? 502, kept);
      if (action === 'forward') {
        answer.pipe(res);
      } else if (action === 'end-at-once') {
        answer.destroy();
        res.end();
      } else {
        // 'stall': send the head (flushHeaders) and keep the connection open, silent.
        res.flushHeaders();
        answer.destroy();
      }
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}
