import { toCrd } from '@operators/k8s-common';
import { readExample } from '../../../test/fixtures.ts';
import { canaryRules, autoscalingRules, backupRules, embeddedRules, neo4jRules } from './shared.ts';
import { clusterNameRules, gatewayAuthenticationRules, highAvailabilityRules, tapioClusterCrd } from './tapiocluster.ts';
import { collectorNameRules, collectorRules, tapioCollectorCrd } from './tapiocollector.ts';
import { intelligenceNameRules, intelligenceSpecRules, tapioIntelligenceCrd } from './tapiointelligence.ts';
import { validateTapioCluster, validateTapioCollector, validateTapioIntelligence } from './validation.ts';

const cluster = (spec: unknown, name = 'tapio') => ({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCluster', metadata: { name, namespace: 'ns' }, spec });
const errorsOf = (result: { ok: boolean; errors?: { path: string; message: string }[] }) => (result.ok ? [] : (result.errors ?? []));
const clusterErrors = (spec: unknown, name?: string) => errorsOf(validateTapioCluster(cluster(spec, name)));

describe('validateTapioCluster: what the validating webhook rejects', () => {
  it.each([2, 4])('an even Neo4j cluster size such as %i', (replicas) => {
    expect(clusterErrors({ intelligence: { neo4j: { replicas } } })).toEqual([
      { path: 'spec.intelligence.neo4j.replicas', message: expect.stringMatching(/^replicas must be odd/) },
    ]);
  });

  it('high availability with one replica, naming each component', () => {
    const errors = clusterErrors({
      highAvailability: true,
      intelligence: { neo4j: { replicas: 1 }, correlation: { replicas: 1, autoscaling: { enabled: true, minReplicas: 1 } } },
      gateway: { replicas: 1, autoscaling: { enabled: true, minReplicas: 1 } },
      nats: { replicas: 2 },
    });
    expect(errors.map((error) => error.path)).toEqual([
      'spec.intelligence.neo4j.replicas',
      'spec.intelligence.correlation.replicas',
      'spec.intelligence.correlation.autoscaling.minReplicas',
      'spec.gateway.replicas',
      'spec.gateway.autoscaling.minReplicas',
      'spec.nats.replicas',
    ]);
    expect(errors[0]?.message).toMatch(/^intelligence\.neo4j\.replicas must be at least 3 with highAvailability/);
  });

  it('high availability from the production profile counts too, when replicas 1 is written', () => {
    expect(clusterErrors({ profile: 'production', intelligence: { correlation: { replicas: 1 } } })).toEqual([
      { path: 'spec.intelligence.correlation.replicas', message: 'intelligence.correlation.replicas must be at least 2 with highAvailability' },
    ]);
  });

  it('high availability with the embedded graph database', () => {
    expect(clusterErrors({ profile: 'edge', highAvailability: true })).toEqual([
      { path: 'spec.intelligence.embedded', message: expect.stringMatching(/^highAvailability cannot be combined with intelligence\.embedded/) },
    ]);
  });

  it('a backup without a schedule', () => {
    expect(clusterErrors({ profile: 'development', intelligence: { neo4j: { backup: { enabled: true } } } })).toEqual([
      { path: 'spec.intelligence.neo4j.backup.schedule', message: expect.stringMatching(/^schedule is required when backup is enabled/) },
    ]);
  });

  it('a schedule that is not cron', () => {
    expect(clusterErrors({ intelligence: { neo4j: { backup: { enabled: true, schedule: 'daily' } } } })).toEqual([
      { path: 'spec.intelligence.neo4j.backup.schedule', message: expect.stringContaining('must match pattern') },
    ]);
  });

  it.each([{ ebpf: true }, { ebpf: { enabled: true } }, { all: true, ebpf: true }])('eBPF on edge: %j', (collectors) => {
    expect(clusterErrors({ profile: 'edge', collectors })).toEqual([
      { path: 'spec.collectors.ebpf', message: expect.stringMatching(/^the eBPF collector cannot run with profile edge/) },
    ]);
  });

  it('accepts all collectors on edge: the profile turns eBPF off', () => {
    expect(clusterErrors({ profile: 'edge', collectors: { all: true } })).toEqual([]);
  });

  it('the etcd collector without certificates', () => {
    expect(clusterErrors({ collectors: { etcd: true } })).toEqual([
      { path: 'spec.collectorOptions.etcd.secretName', message: expect.stringMatching(/^collectorOptions\.etcd\.secretName is required/) },
    ]);
    expect(clusterErrors({ collectors: { etcd: true }, collectorOptions: { etcd: { secretName: 'etcd-client' } } })).toEqual([]);
  });

  it('the embedded graph database with several correlation pods, autoscaling, a canary or backups', () => {
    const errors = clusterErrors({
      profile: 'edge',
      intelligence: {
        embedded: true,
        correlation: { replicas: 2, autoscaling: { enabled: true }, canary: { enabled: true } },
        neo4j: { backup: { enabled: true, schedule: '0 2 * * *' } },
      },
    });
    expect(errors.map((error) => error.path)).toEqual([
      'spec.intelligence.correlation.replicas',
      'spec.intelligence.correlation.autoscaling.enabled',
      'spec.intelligence.correlation.canary.enabled',
      'spec.intelligence.neo4j.backup.enabled',
    ]);
  });

  it('canary steps that do not increase, and autoscaling bounds the wrong way round', () => {
    const errors = clusterErrors({
      gateway: { canary: { enabled: true, steps: [{ weight: 50 }, { weight: 50 }] }, autoscaling: { minReplicas: 5, maxReplicas: 2 } },
    });
    expect(errors).toEqual([
      { path: 'spec.gateway.autoscaling.minReplicas', message: 'minReplicas must not exceed maxReplicas' },
      { path: 'spec.gateway.canary.steps', message: 'steps must have strictly increasing weights' },
    ]);
  });

  it('gateway authentication without its Secret', () => {
    expect(clusterErrors({ gateway: { authentication: { enabled: true } } })).toEqual([
      { path: 'spec.gateway.authentication.secretName', message: 'secretName is required when authentication is enabled' },
    ]);
  });

  it.each(['a'.repeat(44), '9lives', 'with.dot', 'Upper'])('a name its children cannot derive from: %s', (name) => {
    expect(clusterErrors({}, name)).toEqual([{ path: '', message: expect.stringMatching(/^metadata\.name must be a DNS-1035 label .* at most 43 characters/) }]);
  });

  it('accepts a 43-character name', () => {
    expect(clusterErrors({}, `a${'b'.repeat(42)}`)).toEqual([]);
  });

  describe('schema errors name the field', () => {
    it.each([
      [{ collectors: { ebpf: 'yes' } }, 'spec.collectors.ebpf', 'must be boolean or object'],
      [{ collectors: { ebpf: { enabled: true, mode: 'x' } } }, 'spec.collectors.ebpf.mode', 'is not a known field'],
      [{ collectors: { ebpf: { enabled: 'yes' } } }, 'spec.collectors.ebpf.enabled', expect.stringContaining('boolean')],
      [{ profile: 'staging' }, 'spec.profile', 'must be one of "development", "production", "edge"'],
      [{ intelligence: { neo4j: { storage: 'lots' } } }, 'spec.intelligence.neo4j.storage', expect.any(String)],
      [{ version: 'v0.1.0 beta' }, 'spec.version', expect.stringContaining('must match pattern')],
      [{ replicas: 3 }, 'spec.replicas', 'is not a known field'],
    ])('%j', (spec, path, message) => {
      expect(clusterErrors(spec)).toContainEqual({ path, message });
    });
  });

  it('returns the profiled cluster when valid', () => {
    const result = validateTapioCluster(readExample('production-ha'));
    expect(result.ok && result.value.spec.nats.replicas).toBe(3);
  });
});

const collector = (spec: unknown, name = 'tapio-ebpf') => ({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCollector', metadata: { name, namespace: 'ns' }, spec });

describe('validateTapioCollector', () => {
  it('accepts a node collector with a NATS address', () => {
    expect(errorsOf(validateTapioCollector(collector({ type: 'ebpf', natsUrl: 'nats://n:4222' })))).toEqual([]);
  });

  it('rejects the etcd collector without certificates, an unknown type, a missing NATS address and a long name', () => {
    expect(errorsOf(validateTapioCollector(collector({ type: 'etcd', natsUrl: 'nats://n:4222' })))).toEqual([
      { path: 'spec.etcd', message: expect.stringMatching(/^etcd\.secretName is required/) },
    ]);
    expect(errorsOf(validateTapioCollector(collector({ type: 'dtrace', natsUrl: 'nats://n:4222' })))).toContainEqual({
      path: 'spec.type',
      message: 'must be one of "kubernetes", "etcd", "ebpf", "systemd", "cni"',
    });
    expect(errorsOf(validateTapioCollector(collector({ type: 'cni' })))).toContainEqual({ path: 'spec.natsUrl', message: 'is required' });
    expect(errorsOf(validateTapioCollector(collector({ type: 'cni', natsUrl: 'nats://n:4222' }, 'c'.repeat(56))))).toEqual([
      { path: '', message: expect.stringMatching(/at most 55 characters/) },
    ]);
  });
});

const intelligence = (spec: unknown) => ({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioIntelligence', metadata: { name: 'tapio', namespace: 'ns' }, spec });
const intelligenceErrors = (spec: object) => errorsOf(validateTapioIntelligence(intelligence({ natsUrl: 'nats://n:4222', ...spec })));

describe('validateTapioIntelligence', () => {
  it('accepts the defaults: one server, one correlation pod', () => {
    expect(intelligenceErrors({})).toEqual([]);
  });

  it('rejects what the cluster rejects, at the intelligence paths', () => {
    expect(intelligenceErrors({ highAvailability: true, neo4j: { replicas: 2 } }).map((error) => error.path)).toEqual([
      'spec.correlation.replicas',
      'spec.neo4j.replicas',
    ]);
    expect(intelligenceErrors({ highAvailability: true, neo4j: { replicas: 1 }, correlation: { replicas: 2 } })).toEqual([
      { path: 'spec.neo4j.replicas', message: expect.stringMatching(/^neo4j\.replicas must be at least 3 with highAvailability/) },
    ]);
    expect(intelligenceErrors({ neo4j: { backup: { enabled: true } } })).toEqual([{ path: 'spec.neo4j.backup.schedule', message: expect.any(String) }]);
  });

  it('rejects a restore with the embedded graph database', () => {
    expect(intelligenceErrors({ embedded: true, restore: { backupName: 'tapio-backup-29000000' } })).toEqual([
      { path: 'spec.restore', message: 'restore needs Neo4j: the embedded graph database has no backups to restore' },
    ]);
  });
});

describe('every rule the validation checks is in the CRD of its kind, so that the API server checks it too', () => {
  const families = [
    [tapioClusterCrd, { clusterNameRules, highAvailabilityRules, gatewayAuthenticationRules, embeddedRules, neo4jRules, backupRules, autoscalingRules, canaryRules }],
    [tapioCollectorCrd, { collectorNameRules, collectorRules }],
    [tapioIntelligenceCrd, { intelligenceNameRules, intelligenceSpecRules, embeddedRules, neo4jRules, backupRules, autoscalingRules, canaryRules }],
  ] as const;
  const rows = families.flatMap(([crd, family]) => Object.entries(family).map(([name, rules]) => [crd.names.kind, name, crd, rules] as const));
  it.each(rows)('%s: %s', (_kind, _name, crd, rules) => {
    const text = JSON.stringify(toCrd(crd));
    for (const { rule } of rules) expect(text).toContain(JSON.stringify(rule));
  });
});
