import type { V1StatefulSet } from '@kubernetes/client-node';
import { anIntelligence, exampleCluster, highlyAvailable, intelligenceOf, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredNeo4jStatefulSet } from './neo4j-statefulset.ts';
import { containerNamed } from './pods.ts';

const running = { stopped: false };
const neo4jOf = (statefulSet: V1StatefulSet | undefined) => containerNamed(statefulSet?.spec?.template.spec?.containers, 'neo4j');
const envOf = (statefulSet: V1StatefulSet | undefined) => Object.fromEntries((neo4jOf(statefulSet).env ?? []).map((env) => [env.name, env.value ?? env.valueFrom]));

describe('desiredNeo4jStatefulSet', () => {
  const single = desiredNeo4jStatefulSet(anIntelligence(), running);
  const cluster = desiredNeo4jStatefulSet(anIntelligence(highlyAvailable), running);

  it('is <intelligence>-neo4j with a data volume per server that outlives it', () => {
    expect(single?.metadata?.name).toBe('tapio-neo4j');
    expect(single?.spec?.replicas).toBe(1);
    expect(single?.spec?.serviceName).toBe('tapio-neo4j-headless');
    expect(single?.spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(single?.spec?.volumeClaimTemplates?.[0]?.metadata?.name).toBe('data');
    expect(single?.spec?.volumeClaimTemplates?.[0]?.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
  });

  it('takes the size and StorageClass of the spec', () => {
    const sized = desiredNeo4jStatefulSet(anIntelligence(withIntelligenceSpec({ neo4j: { storage: '500Gi', storageClass: 'fast' } })), running);
    expect(sized?.spec?.volumeClaimTemplates?.[0]?.spec).toMatchObject({ resources: { requests: { storage: '500Gi' } }, storageClassName: 'fast' });
  });

  it('runs no server while a restore writes the volumes', () => {
    expect(desiredNeo4jStatefulSet(anIntelligence(highlyAvailable), { stopped: true })?.spec?.replicas).toBe(0);
  });

  it('configures a single server without cluster discovery', () => {
    const env = envOf(single);
    expect(env.NEO4J_ACCEPT_LICENSE_AGREEMENT).toBe('eval');
    expect(env.NEO4J_AUTH).toEqual({ secretKeyRef: { name: 'tapio-neo4j-auth', key: 'NEO4J_AUTH' } });
    expect(env.NEO4J_server_backup_listen__address).toBe('0.0.0.0:6362');
    expect(env.NEO4J_dbms_cluster_discovery_v2_endpoints).toBeUndefined();
  });

  it('lists every server for discovery in a cluster, and advertises each by its stable name', () => {
    const env = envOf(cluster);
    expect(env.NEO4J_dbms_cluster_discovery_v2_endpoints).toBe(
      [0, 1, 2].map((n) => `tapio-neo4j-${n}.tapio-neo4j-headless.tapio.svc:6000`).join(','),
    );
    expect(env.NEO4J_initial_dbms_default__primaries__count).toBe('3');
    expect(env.NEO4J_server_default__advertised__address).toBe('$(POD_NAME).tapio-neo4j-headless');
  });

  it('keeps a highly available cluster on separate nodes', () => {
    expect(cluster?.spec?.template.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(single?.spec?.template.spec?.affinity).toBeUndefined();
  });

  it('takes resources from neo4j.resources, then spec.resources, then the default', () => {
    expect(neo4jOf(single).resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } });
    const production = desiredNeo4jStatefulSet(intelligenceOf(exampleCluster('production-ha')), running);
    expect(neo4jOf(production).resources).toEqual({ requests: { memory: '16Gi', cpu: '4' }, limits: { memory: '32Gi', cpu: '8' } });
    const own = desiredNeo4jStatefulSet(anIntelligence(withIntelligenceSpec({ resources: { requests: { cpu: '2' } }, neo4j: { resources: { requests: { cpu: '3' } } } })), running);
    expect(neo4jOf(own).resources).toEqual({ requests: { cpu: '3' } });
  });

  it('runs as the neo4j user under the restricted standard (its entrypoint needs a writable root)', () => {
    expect(single?.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 7474, fsGroup: 7474 });
    expect(neo4jOf(single).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } });
  });

  it('is undefined with the embedded graph database', () => {
    expect(desiredNeo4jStatefulSet(anIntelligence(withIntelligenceSpec({ embedded: true })), running)).toBeUndefined();
  });

  it('matches the snapshot for a highly available cluster', () => {
    expect(cluster).toMatchSnapshot();
  });
});
