// Performance figures from a real Prometheus: the Prometheus server built from its Go module (the
// pinned version, by e2e/cluster/build-binaries.sh) scrapes a small exporter this test runs, which
// serves the seed's cyclone_app_* series for one app; the operator, started with --prometheus-url,
// writes the app's RPS, p95 latency and active connections to status, where
// `kubectl get cycloneapp` shows them, and writes nothing more while they stay within tolerance.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, kubectl, plainApp, waitForApp, waitForReady, type App } from './support.ts';

/** Picked before the operator starts (its flags are fixed then); Prometheus fails loudly if it is taken. */
const PROMETHEUS_PORT = 30_000 + Math.floor(Math.random() * 10_000);
const RPS = 1500;

describe('CycloneApp performance figures from Prometheus', () => {
  const env = useOperator('cyclone-operator', 'cyclone-perf', [`--prometheus-url=http://127.0.0.1:${PROMETHEUS_PORT}`]);
  const name = 'measured';
  let exporter: Server;
  let prometheus: ChildProcess;
  let prometheusLog = '';
  let dir = '';

  beforeAll(async () => {
    const started = Date.now();
    // The app's metrics as the seed lists them, labelled as a ServiceMonitor scrape would label them.
    exporter = createServer((_request, response) => {
      const labels = `app="${name}",namespace="${env.namespace}"`;
      const requests = Math.round(((Date.now() - started) / 1000) * RPS);
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(
        [
          '# TYPE cyclone_app_requests_total counter',
          `cyclone_app_requests_total{${labels}} ${requests}`,
          '# TYPE cyclone_app_request_duration_seconds summary',
          `cyclone_app_request_duration_seconds{${labels},quantile="0.95"} 0.005`,
          `cyclone_app_request_duration_seconds_sum{${labels}} ${requests * 0.002}`,
          `cyclone_app_request_duration_seconds_count{${labels}} ${requests}`,
          '# TYPE cyclone_app_active_connections gauge',
          `cyclone_app_active_connections{${labels}} 25000`,
          '',
        ].join('\n'),
      );
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const exporterPort = (exporter.address() as { port: number }).port;

    dir = mkdtempSync(join(tmpdir(), 'cyclone-prometheus-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cyclone-app\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${exporterPort}']\n`,
    );
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prometheus.on('error', (error) => (prometheusLog += `${error.message} (is the Prometheus server in the bin dir? e2e/cluster/build-binaries.sh builds it)\n`));
    prometheus.stderr!.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${PROMETHEUS_PORT}/-/ready`).catch(() => undefined))?.ok ?? (prometheus.exitCode !== null ? Promise.reject(new Error(prometheusLog.slice(-2000))) : false), {
      timeoutMs: 30_000,
      description: 'Prometheus to be ready',
    });
  });

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    if (prometheus && prometheus.exitCode === null) await new Promise((resolve) => prometheus.once('exit', resolve));
    await new Promise((resolve) => exporter?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes the app's RPS, p95 latency and active connections to status and the printer columns", async () => {
    await env.client.create(CycloneApps, { ...plainApp(name), metadata: { name, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, name);
    // The first figures may come from the first seconds of scraping, when rate() has two samples;
    // the next poll (30 s later) writes the settled rate, which moved by more than the tolerance.
    const figures = (a: App) => a.status as { performance?: { currentRPS?: number; latencyP95?: string }; networking?: { activeConnections?: number } };
    const settled = (a: App) => condition(a, 'PerformanceMetrics')?.reason === 'MetricsObserved' && Math.abs((figures(a).performance?.currentRPS ?? 0) - RPS) < RPS * 0.05;
    const app = await waitForApp(env.client, env.namespace, name, settled, `currentRPS within 5% of ${RPS}`, 120_000);
    const { performance, networking } = figures(app);
    expect(performance?.latencyP95).toBe('5ms');
    expect(networking?.activeConnections).toBe(25000);

    const row = kubectl('get', 'cycloneapp', name, '-n', env.namespace, '-o', 'wide', '--no-headers');
    expect(row).toContain('5ms');
    expect(row).toContain(String(performance?.currentRPS));
    expect(row).toContain('25000');
  }, 180_000);

  it('writes no status while the figures stay within the tolerance', async () => {
    const before = (await env.operator.writesByResource())['PATCH cycloneapps/status'];
    // Past the 30 s polling interval: the operator asked Prometheus again and found nothing worth a write.
    await sleep(35_000);
    expect((await env.operator.writesByResource())['PATCH cycloneapps/status']).toBe(before);
  }, 60_000);
});
