import { createServer } from 'node:net';
import { exampleApp } from '../../test/fixtures.ts';
import { notConfigured, prometheusSource } from './prometheus-client.ts';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('prometheusSource', () => {
  it('reports an unreachable Prometheus as a failed query with the cause, not a thrown error', async () => {
    const source = prometheusSource(`http://127.0.0.1:${await closedPort()}`);
    const observation = await source(exampleApp('simple-app'), new AbortController().signal);
    expect(observation).toEqual({ source: 'failed', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('rethrows when the reconcile is aborted, so the work queue sees the abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(prometheusSource(`http://127.0.0.1:${await closedPort()}`)(exampleApp('simple-app'), controller.signal)).rejects.toThrow();
  });

  it('without --prometheus-url says so', async () => {
    expect(await notConfigured(exampleApp('simple-app'), new AbortController().signal)).toEqual({ source: 'not-configured' });
  });
});
