import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, WriteFencedError } from './errors.ts';
import { KubeClient, type RequestRecord } from './kube-client.ts';
import { ResourceTypes } from './resource-type.ts';

// A plain HTTP listener that records what reaches it and answers `{}`: it stands for "the network",
// to tell requests that were sent from those that were not. It knows nothing of Kubernetes.
interface Received {
  method: string;
  url: string;
  body: string;
}

describe('KubeClient', () => {
  let server: Server;
  let received: Received[];
  /** When set, requests with this method are held open until `release` is called. */
  let hold: { method: string; release?: () => void } | undefined;
  /** When set, requests with this method are answered 429 with this Retry-After (seconds). */
  let throttle: { method: string; retryAfterSeconds: number } | undefined;
  let client: KubeClient;
  let records: RequestRecord[];

  beforeEach(async () => {
    received = [];
    hold = undefined;
    throttle = undefined;
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body });
        const answer = (): void => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{}');
        };
        if (throttle && throttle.method === req.method) {
          res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(throttle.retryAfterSeconds) });
          res.end(JSON.stringify({ kind: 'Status', code: 429, reason: 'TooManyRequests' }));
        } else if (hold && hold.method === req.method) hold.release = answer;
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const kc = new KubeConfig();
    const { port } = server.address() as AddressInfo;
    kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    records = [];
    client = await KubeClient.create(kc, { observers: [(r) => records.push(r)] });
  });

  afterEach(async () => {
    hold?.release?.();
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' } };

  describe('write fence', () => {
    it('refuses every mutating verb without sending it once the fence aborts, and lets reads through', async () => {
      const leadership = new AbortController();
      client.fenceWrites(leadership.signal);
      await client.create(ResourceTypes.ConfigMap, configMap);
      expect(received.map((r) => r.method)).toEqual(['POST']);

      leadership.abort(new Error('leadership lost'));
      const writes: (() => Promise<unknown>)[] = [
        () => client.create(ResourceTypes.ConfigMap, configMap),
        () => client.replace(ResourceTypes.ConfigMap, configMap),
        () => client.patch(ResourceTypes.ConfigMap, 'cm', 'ns', { data: {} }),
        () => client.apply(ResourceTypes.ConfigMap, configMap, { fieldManager: 'test' }),
        () => client.delete(ResourceTypes.ConfigMap, 'cm', 'ns'),
        () => client.tryDelete(ResourceTypes.ConfigMap, 'cm', 'ns'),
      ];
      for (const write of writes) {
        const err = await write().then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(WriteFencedError);
        expect((err as Error).message).toMatch(/not sent: writes are fenced: leadership lost/);
      }
      expect(received.map((r) => r.method)).toEqual(['POST']);
      // Nothing was sent, so nothing is counted as a request (metrics, RequestCounter).
      expect(records.map((r) => r.method)).toEqual(['POST']);

      await client.get(ResourceTypes.ConfigMap, 'cm', 'ns');
      await client.list(ResourceTypes.ConfigMap, { namespace: 'ns' });
      expect(received.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
    });

    it('aborts a write in flight when the fence aborts', async () => {
      const leadership = new AbortController();
      client.fenceWrites(leadership.signal);
      hold = { method: 'PATCH' };
      const write = client.patch(ResourceTypes.ConfigMap, 'cm', 'ns', { data: {} }).then(() => undefined, (e: unknown) => e);
      while (!hold.release) await new Promise((resolve) => setTimeout(resolve, 5));
      leadership.abort(new Error('leadership lost'));
      const err = await write;
      expect(err).toBeInstanceOf(WriteFencedError);
      expect((err as Error).message).toMatch(/aborted in flight/);
    });

    it('does not send the 429 retry of a write whose fence aborted during the wait', async () => {
      const leadership = new AbortController();
      client.fenceWrites(leadership.signal);
      throttle = { method: 'POST', retryAfterSeconds: 5 };
      // Abort only once the 429 has reached the client (it is observed when its answer arrives), so the
      // client is waiting out Retry-After, not still waiting for the first answer.
      let throttled = false;
      const removeObserver = client.addObserver((record) => {
        if (record.code === 429) throttled = true;
      });
      const write = client.create(ResourceTypes.ConfigMap, configMap).then(() => undefined, (e: unknown) => e);
      while (!throttled) await new Promise((resolve) => setTimeout(resolve, 5));
      leadership.abort(new Error('leadership lost'));
      const err = await write;
      removeObserver();
      expect(err).toBeInstanceOf(WriteFencedError);
      expect((err as Error).message).toMatch(/not sent/);
      expect(received.map((r) => r.method)).toEqual(['POST']);
    });

    it('sends requests marked to bypass it (the Lease of leader election)', async () => {
      const leadership = new AbortController();
      client.fenceWrites(leadership.signal);
      leadership.abort();
      await client.request({ method: 'PUT', path: '/apis/coordination.k8s.io/v1/namespaces/ns/leases/l', body: {}, bypassWriteFence: true });
      expect(received.map((r) => r.method)).toEqual(['PUT']);
    });

    it('closes writes when any of several fences aborts', async () => {
      const first = new AbortController();
      const second = new AbortController();
      client.fenceWrites(first.signal);
      client.fenceWrites(second.signal);
      second.abort();
      await expect(client.create(ResourceTypes.ConfigMap, configMap)).rejects.toBeInstanceOf(WriteFencedError);
      expect(received).toEqual([]);
    });
  });

  describe('signal option', () => {
    it('aborts a verb given an aborted signal, as a connection error', async () => {
      const aborted = AbortSignal.abort();
      for (const call of [
        () => client.get(ResourceTypes.ConfigMap, 'cm', 'ns', { signal: aborted }),
        () => client.list(ResourceTypes.ConfigMap, { signal: aborted }),
        () => client.create(ResourceTypes.ConfigMap, configMap, 'ns', { signal: aborted }),
        () => client.apply(ResourceTypes.ConfigMap, configMap, { fieldManager: 'test', signal: aborted }),
        () => client.delete(ResourceTypes.ConfigMap, 'cm', 'ns', { signal: aborted }),
      ]) {
        const err = await call().then(() => undefined, (e: unknown) => e);
        expect(err instanceof ApiError && err.statusCode === 0).toBe(true);
      }
      expect(received).toEqual([]);
    });

    it('keeps the signal out of the query and the DeleteOptions body', async () => {
      const signal = new AbortController().signal;
      await client.list(ResourceTypes.ConfigMap, { namespace: 'ns', labelSelector: 'a=b', signal });
      await client.delete(ResourceTypes.ConfigMap, 'cm', 'ns', { signal });
      await client.delete(ResourceTypes.ConfigMap, 'cm', 'ns', { propagationPolicy: 'Foreground', signal });
      expect(received).toEqual([
        { method: 'GET', url: '/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db', body: '' },
        { method: 'DELETE', url: '/api/v1/namespaces/ns/configmaps/cm', body: '' },
        { method: 'DELETE', url: '/api/v1/namespaces/ns/configmaps/cm', body: JSON.stringify({ apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground' }) },
      ]);
    });
  });
});
