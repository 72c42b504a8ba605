import { parse } from 'smol-toml';
import { anApp, exampleApp, withReplicas, withSpec, withTls } from '../../test/fixtures.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { desiredConfigMap, renderAppConfig, renderedConfigHash, RENDERED_CONFIG_HASH_ANNOTATION } from './app-config.ts';

const tomlOf = (app: StoredCycloneApp) => parse(renderAppConfig(app).content);

describe('renderAppConfig', () => {
  it('renders networking, limits and the circuit breaker of the custom example', () => {
    const config = tomlOf(exampleApp('custom-app'));
    expect(config.networking).toEqual({ rdma: true, dpdk: true, xdp: true, zero_copy: true, host_network: false });
    expect(config.limits).toEqual({ target_rps: 2000000, max_connections: 500000 });
    expect(config.circuit_breaker).toEqual({ enabled: true, failure_threshold: 10, success_threshold: 5, timeout_seconds: 300 });
    expect(config.server).toEqual({ port: 3000, metrics_port: 9090, metrics_path: '/metrics' });
    expect(config.tls).toEqual({ enabled: true, cert_file: '/etc/cyclone/tls/tls.crt', key_file: '/etc/cyclone/tls/tls.key' });
  });

  it('leaves max_connections to the application when unset', () => {
    expect(tomlOf(anApp()).limits).toEqual({ target_rps: 1000000 });
  });

  it('renders a disabled feature as enabled = false alone', () => {
    const app = anApp(withSpec({ circuitBreaker: { enabled: false, failureThreshold: 99 }, tls: { enabled: false, certificateSecret: 'unused' } }));
    expect(tomlOf(app).circuit_breaker).toEqual({ enabled: false });
    expect(tomlOf(app).tls).toEqual({ enabled: false });
    expect(tomlOf(app).tracing).toEqual({ enabled: false });
  });

  it('pins one worker per exclusive core when NUMA-aware', () => {
    expect(tomlOf(exampleApp('high-performance-api')).performance).toEqual({ numa_aware: true, worker_threads: 4, pin_threads: true });
    expect(tomlOf(anApp()).performance).toEqual({ numa_aware: false });
  });

  it('renders logging and tracing', () => {
    const app = anApp(withSpec({ observability: { logging: { level: 'debug' }, tracing: { enabled: true, endpoint: 'otel:4317', samplingRate: 0.25 } } }));
    expect(tomlOf(app).logging).toEqual({ level: 'debug', format: 'json' });
    expect(tomlOf(app).tracing).toEqual({ enabled: true, endpoint: 'otel:4317', sampling_rate: 0.25 });
  });

  it("adds the application's own tables after the operator's, keys sorted", () => {
    const app = anApp(withSpec({ config: { routes: { b: 2, a: 1 }, cache: { size_mb: 512, tiers: ['l1', 'l2'] } } }));
    const config = tomlOf(app);
    expect(config.cache).toEqual({ size_mb: 512, tiers: ['l1', 'l2'] });
    expect(config.routes).toEqual({ a: 1, b: 2 });
    const content = renderAppConfig(app).content;
    expect(content.indexOf('[cache]')).toBeGreaterThan(content.indexOf('[tracing]'));
    expect(content.indexOf('a = 1')).toBeLessThan(content.indexOf('b = 2'));
    expect(renderAppConfig(app).content).toBe(renderAppConfig(anApp(withSpec({ config: { cache: { tiers: ['l1', 'l2'], size_mb: 512 }, routes: { a: 1, b: 2 } } }))).content);
  });

  it('says where it comes from and that hand edits are kept', () => {
    const content = renderAppConfig(anApp()).content;
    expect(content.split('\n').slice(0, 2)).toEqual([
      '# Rendered by cyclone-operator from CycloneApp default/my-cyclone-app.',
      "# An edit of this ConfigMap is kept, and reloaded without a restart, until the CycloneApp's configuration changes.",
    ]);
  });

  describe('what restarts the pods', () => {
    const restartHash = (app: StoredCycloneApp) => renderAppConfig(app).restartHash;
    const base = restartHash(anApp());

    it.each<[string, StoredCycloneApp]>([
      ['a networking flag', anApp(withSpec({ networking: { zeroCopy: true } }))],
      ['the app port', anApp(withSpec({ port: 8080 }))],
      ['TLS', anApp(withTls)],
      ['hostNetwork', anApp(withSpec({ hostNetwork: true }))],
    ])('%s changes the restart hash', (_name, app) => {
      expect(restartHash(app)).not.toBe(base);
    });

    it.each<[string, StoredCycloneApp]>([
      ['the circuit breaker', anApp(withSpec({ circuitBreaker: { failureThreshold: 42 } }))],
      ['the RPS target', anApp(withSpec({ targetRPS: 5 }))],
      ['the connection limit', anApp(withSpec({ maxConnections: 10 }))],
      ['the log level', anApp(withSpec({ observability: { logging: { level: 'debug' } } }))],
      ["the application's own settings", anApp(withSpec({ config: { cache: { size_mb: 1 } } }))],
    ])('%s is reloaded: the restart hash stays', (_name, app) => {
      expect(restartHash(app)).toBe(base);
      expect(renderAppConfig(app).content).not.toBe(renderAppConfig(anApp()).content);
    });

    it('does not depend on the replica count, which the autoscaler changes', () => {
      expect(renderAppConfig(anApp(withReplicas(7)))).toEqual(renderAppConfig(anApp()));
    });
  });
});

describe('desiredConfigMap', () => {
  const app = anApp();
  const { content } = renderAppConfig(app);
  const configMap = desiredConfigMap(app, content, renderedConfigHash(content));

  it('is <app>-config with config.toml, the name the seed patches', () => {
    expect(configMap.metadata?.name).toBe('my-cyclone-app-config');
    expect(configMap.metadata?.namespace).toBe('default');
    expect(configMap.data).toEqual({ 'config.toml': content });
  });

  it('records the hash of the rendering it was built from', () => {
    expect(configMap.metadata?.annotations).toEqual({ [RENDERED_CONFIG_HASH_ANNOTATION]: renderedConfigHash(content) });
    expect(renderedConfigHash(content)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is owned by the app and carries its labels', () => {
    expect(configMap.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'CycloneApp', name: 'my-cyclone-app', controller: true })]);
    expect(configMap.metadata?.labels).toMatchObject({ app: 'my-cyclone-app', 'app.kubernetes.io/instance': 'my-cyclone-app' });
  });

  it('matches the snapshot', () => {
    const custom = exampleApp('custom-app');
    const rendered = renderAppConfig(custom).content;
    expect(desiredConfigMap(custom, rendered, renderedConfigHash(rendered))).toMatchSnapshot();
  });
});
