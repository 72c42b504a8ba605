import { aCluster, exampleCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredNatsConfigMap, natsConfig, natsConfigHash } from './nats-config.ts';

describe('natsConfig', () => {
  it('runs JetStream on 90% of the volume and requires the platform user', () => {
    const config = natsConfig(aCluster());
    expect(config).toContain('store_dir: "/data"');
    expect(config).toContain(`max_file_store: ${Math.floor(2 ** 30 * 0.9)}`);
    expect(config).toContain('users: [{ user: $NATS_USER_A, password: $NATS_PASSWORD_A }]');
    // While a credentials rotation runs, the servers accept both slots' users.
    expect(natsConfig(aCluster(), ['a', 'b'])).toContain('users: [{ user: $NATS_USER_A, password: $NATS_PASSWORD_A }, { user: $NATS_USER_B, password: $NATS_PASSWORD_B }]');
    expect(config).toContain('server_name: $POD_NAME');
  });

  it('has no cluster block for a single server', () => {
    expect(natsConfig(aCluster())).not.toContain('cluster {');
  });

  it('routes to every server of a cluster, by its stable DNS name', () => {
    const config = natsConfig(exampleCluster('production-ha'));
    expect(config).toContain('cluster {\n  name: production\n  listen: 0.0.0.0:6222');
    for (const ordinal of [0, 1, 2]) expect(config).toContain(`nats://production-nats-${ordinal}.production-nats-headless.tapio.svc:6222`);
  });

  it('keeps the memory store small when lightweight', () => {
    expect(natsConfig(exampleCluster('edge'))).toContain(`max_memory_store: ${64 * 2 ** 20}`);
    expect(natsConfig(aCluster())).toContain(`max_memory_store: ${256 * 2 ** 20}`);
  });

  it('matches the snapshot for production-ha', () => {
    expect(natsConfig(exampleCluster('production-ha'))).toMatchSnapshot();
  });
});

describe('desiredNatsConfigMap and natsConfigHash', () => {
  it('is <cluster>-nats-config, owned by the cluster', () => {
    const configMap = desiredNatsConfigMap(aCluster());
    expect(configMap.metadata?.name).toBe('dev-nats-config');
    expect(configMap.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', controller: true });
    expect(Object.keys(configMap.data ?? {})).toEqual(['nats.conf']);
  });

  it('hashes the content: a new server count changes the hash, nothing else does', () => {
    const hash = natsConfigHash(desiredNatsConfigMap(aCluster()));
    expect(natsConfigHash(desiredNatsConfigMap(aCluster()))).toBe(hash);
    expect(natsConfigHash(desiredNatsConfigMap(aCluster(withClusterSpec({ nats: { replicas: 3 } }))))).not.toBe(hash);
  });
});
