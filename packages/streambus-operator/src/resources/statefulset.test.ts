import type { V1Container, V1StatefulSet } from '@kubernetes/client-node';
import { aCluster, exampleCluster, withReplicas, withSpec, withTls } from '../../test/fixtures.ts';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { brokerConfigHash, desiredBrokerConfigMap } from './broker-config.ts';
import { desiredClientService, desiredHeadlessService } from './services.ts';
import { desiredBrokerStatefulSet, imageReference } from './statefulset.ts';

const facts = { configHash: '0123456789abcdef' };
const identity = {
  'app.kubernetes.io/name': 'streambus-broker',
  'app.kubernetes.io/instance': 'streambus-minimal',
  'app.kubernetes.io/component': 'broker',
};

function statefulSetOf(cluster: DefaultedStreamBusCluster): V1StatefulSet {
  return desiredBrokerStatefulSet(cluster, facts);
}

function brokerOf(statefulSet: V1StatefulSet): V1Container {
  const [container] = statefulSet.spec?.template.spec?.containers ?? [];
  if (!container) throw new Error('no container');
  return container;
}

/** What the reconciler does: hash the desired ConfigMap, then build the StatefulSet from it. */
function rolledOutStatefulSet(cluster: DefaultedStreamBusCluster): V1StatefulSet {
  return desiredBrokerStatefulSet(cluster, { configHash: brokerConfigHash(desiredBrokerConfigMap(cluster)) });
}

describe('desiredBrokerStatefulSet', () => {
  describe('identity', () => {
    const statefulSet = statefulSetOf(aCluster());

    it('is named after the cluster, so pods are <cluster>-<n> and claims data-<cluster>-<n>', () => {
      expect(statefulSet.apiVersion).toBe('apps/v1');
      expect(statefulSet.kind).toBe('StatefulSet');
      expect(statefulSet.metadata?.name).toBe('streambus-minimal');
      expect(statefulSet.metadata?.namespace).toBe('default');
      expect(statefulSet.spec?.volumeClaimTemplates?.map((claim) => claim.metadata?.name)).toEqual(['data', 'raft']);
    });

    it('selects by name, instance and component only, and the pod template carries them', () => {
      expect(statefulSet.spec?.selector).toEqual({ matchLabels: identity });
      expect(statefulSet.spec?.template.metadata?.labels).toMatchObject(identity);
    });

    it('is owned by the cluster and labelled like every child', () => {
      expect(statefulSet.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ apiVersion: 'streambus.io/v1alpha1', kind: 'StreamBusCluster', name: 'streambus-minimal', controller: true }),
      ]);
      expect(statefulSet.metadata?.labels).toEqual({
        ...identity,
        'app.kubernetes.io/part-of': 'streambus',
        'app.kubernetes.io/managed-by': 'streambus-operator',
      });
    });

    it('uses the headless Service for pod DNS', () => {
      expect(statefulSet.spec?.serviceName).toBe(desiredHeadlessService(aCluster()).metadata?.name);
    });
  });

  describe('scaling and updates', () => {
    it('runs the replicas of the spec, zero included', () => {
      expect(statefulSetOf(aCluster(withReplicas(5))).spec?.replicas).toBe(5);
      expect(statefulSetOf(aCluster(withReplicas(0))).spec?.replicas).toBe(0);
    });

    it('starts brokers in parallel and leaves rolling them to the operator', () => {
      const { spec } = statefulSetOf(aCluster());
      expect(spec?.podManagementPolicy).toBe('Parallel');
      expect(spec?.updateStrategy).toEqual({ type: 'OnDelete' });
    });

    it('keeps volumes on scale-down and deletion unless asked otherwise', () => {
      expect(statefulSetOf(aCluster()).spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      const deleting = aCluster(withSpec({ storage: { deleteClaimsOnDelete: true } }));
      expect(statefulSetOf(deleting).spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
      const scaling = aCluster(withSpec({ storage: { deleteClaimsOnScaleDown: true } }));
      expect(statefulSetOf(scaling).spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    });
  });

  describe('volume claims', () => {
    it('request the data and Raft sizes in the StorageClass of the spec', () => {
      const claims = statefulSetOf(aCluster(withSpec({ storage: { class: 'fast-ssd', size: '100Gi', raftSize: '50Gi' } }))).spec?.volumeClaimTemplates;
      expect(claims?.map((claim) => claim.spec)).toEqual([
        { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } }, storageClassName: 'fast-ssd' },
        { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'fast-ssd' },
      ]);
    });

    it('leave the StorageClass to the cluster default when the spec names none', () => {
      const claims = statefulSetOf(aCluster(withSpec({ storage: {} }))).spec?.volumeClaimTemplates;
      expect(claims?.map((claim) => claim.spec?.storageClassName)).toEqual([undefined, undefined]);
      expect(claims?.map((claim) => claim.spec?.resources?.requests?.storage)).toEqual(['10Gi', '5Gi']);
    });

    it('carry only the identity labels, which never change (claim templates are immutable)', () => {
      const claims = statefulSetOf(aCluster()).spec?.volumeClaimTemplates;
      expect(claims?.map((claim) => claim.metadata?.labels)).toEqual([identity, identity]);
    });

    it('mount at /data and /raft', () => {
      expect(brokerOf(statefulSetOf(aCluster())).volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'data', mountPath: '/data' },
          { name: 'raft', mountPath: '/raft' },
        ]),
      );
    });
  });

  describe('configuration', () => {
    it('mounts the ConfigMap of desiredBrokerConfigMap read-only where the image reads broker.yaml', () => {
      const statefulSet = statefulSetOf(aCluster());
      expect(statefulSet.spec?.template.spec?.volumes).toContainEqual({
        name: 'config',
        configMap: { name: desiredBrokerConfigMap(aCluster()).metadata?.name },
      });
      expect(brokerOf(statefulSet).volumeMounts).toContainEqual({ name: 'config', mountPath: '/config', readOnly: true });
    });

    it('annotates the pod template with the config hash it is given', () => {
      expect(statefulSetOf(aCluster()).spec?.template.metadata?.annotations).toEqual({ 'streambus.io/config-hash': '0123456789abcdef' });
    });

    it('changes the pod template when the config changes, which rolls the brokers', () => {
      const before = rolledOutStatefulSet(aCluster());
      const after = rolledOutStatefulSet(aCluster(withSpec({ config: { logLevel: 'debug' } })));
      expect(after.spec?.template.metadata?.annotations?.['streambus.io/config-hash']).not.toBe(
        before.spec?.template.metadata?.annotations?.['streambus.io/config-hash'],
      );
    });

    it('leaves the pod template alone when only the replica count changes', () => {
      expect(rolledOutStatefulSet(aCluster(withReplicas(5))).spec?.template).toEqual(rolledOutStatefulSet(aCluster()).spec?.template);
    });

    it('adds the pod annotations of the spec, but keeps its own config hash', () => {
      const cluster = aCluster(withSpec({ podAnnotations: { 'prometheus.io/scrape': 'true', 'streambus.io/config-hash': 'forged' } }));
      expect(statefulSetOf(cluster).spec?.template.metadata?.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'streambus.io/config-hash': '0123456789abcdef',
      });
    });

    it('adds the pod labels of the spec under the operator labels, which win', () => {
      const cluster = aCluster(withSpec({ podLabels: { environment: 'production', 'app.kubernetes.io/instance': 'hijack' } }));
      const labels = statefulSetOf(cluster).spec?.template.metadata?.labels;
      expect(labels).toMatchObject({ ...identity, environment: 'production' });
      expect(statefulSetOf(cluster).spec?.selector?.matchLabels).toEqual(identity);
    });
  });

  describe('TLS', () => {
    const volumeNames = (cluster: DefaultedStreamBusCluster) => statefulSetOf(cluster).spec?.template.spec?.volumes?.map((v) => v.name);

    it('mounts no Secret when TLS is off, even if Secrets are named', () => {
      const named = aCluster(withSpec({ security: { tls: { enabled: false, certSecretName: 'c', caSecretName: 'ca' } } }));
      expect(volumeNames(named)).toEqual(['config', 'tmp']);
      expect(brokerOf(statefulSetOf(named)).volumeMounts?.map((mount) => mount.name)).not.toContain('tls');
    });

    it('mounts the certificate Secret read-only, its key readable by the broker group only', () => {
      const statefulSet = statefulSetOf(aCluster(withTls()));
      expect(statefulSet.spec?.template.spec?.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'streambus-tls-certs', defaultMode: 0o440 } });
      expect(brokerOf(statefulSet).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/streambus/tls', readOnly: true });
      expect(volumeNames(aCluster(withTls()))).not.toContain('ca');
    });

    it('mounts the CA Secret read-only when one is named', () => {
      const statefulSet = statefulSetOf(aCluster(withTls({ ca: true, clientAuth: true })));
      expect(statefulSet.spec?.template.spec?.volumes).toContainEqual({ name: 'ca', secret: { secretName: 'streambus-ca-cert', defaultMode: 0o444 } });
      expect(brokerOf(statefulSet).volumeMounts).toContainEqual({ name: 'ca', mountPath: '/etc/streambus/ca', readOnly: true });
    });
  });

  describe('the broker container', () => {
    it('runs the image of the spec, by tag or by digest', () => {
      const broker = brokerOf(statefulSetOf(aCluster(withSpec({ image: { repository: 'registry.local/broker', tag: 'v0.7.0', pullPolicy: 'Always' } }))));
      expect(broker.image).toBe('registry.local/broker:v0.7.0');
      expect(broker.imagePullPolicy).toBe('Always');
      expect(imageReference('streambus/broker', 'sha256:abc')).toBe('streambus/broker@sha256:abc');
    });

    it('exposes the named ports the Services target', () => {
      const cluster = aCluster(withSpec({ config: { port: 19092, httpPort: 18081, grpcPort: 19093 } }));
      const broker = brokerOf(statefulSetOf(cluster));
      expect(broker.ports).toEqual([
        { name: 'client', containerPort: 19092, protocol: 'TCP' },
        { name: 'http', containerPort: 18081, protocol: 'TCP' },
        { name: 'grpc', containerPort: 19093, protocol: 'TCP' },
      ]);
      const containerPortNames = broker.ports?.map((port) => port.name);
      for (const service of [desiredClientService(cluster), desiredHeadlessService(cluster)]) {
        for (const port of service.spec?.ports ?? []) expect(containerPortNames).toContain(port.targetPort);
      }
    });

    it('knows its pod name, namespace and the Service its peers are found through', () => {
      expect(brokerOf(statefulSetOf(aCluster())).env).toEqual([
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'STREAMBUS_HEADLESS_SERVICE', value: 'streambus-minimal-headless' },
      ]);
    });

    it('is probed on the HTTP port: ready at /health/ready, alive at /health/live, with time to recover at start', () => {
      const broker = brokerOf(statefulSetOf(aCluster()));
      expect(broker.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http', scheme: 'HTTP' });
      expect(broker.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http', scheme: 'HTTP' });
      expect(broker.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'http', scheme: 'HTTP' });
      const startupBudget = (broker.startupProbe?.periodSeconds ?? 0) * (broker.startupProbe?.failureThreshold ?? 0);
      expect(startupBudget).toBeGreaterThanOrEqual(300);
    });

    it('gets the resources of the spec as quantity strings, and none when unset', () => {
      const cluster = aCluster(withSpec({ resources: { requests: { cpu: 2, memory: '1Gi' }, limits: { memory: '4Gi' } } }));
      expect(brokerOf(statefulSetOf(cluster)).resources).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { memory: '4Gi' } });
      expect(brokerOf(statefulSetOf(aCluster(withSpec({ resources: undefined })))).resources).toBeUndefined();
    });

    it('runs restricted: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
      const statefulSet = statefulSetOf(aCluster());
      expect(statefulSet.spec?.template.spec?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        fsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(brokerOf(statefulSet).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(brokerOf(statefulSet).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    });
  });

  describe('the pod', () => {
    it('has time to shut a broker down cleanly, no API token and no service-link variables', () => {
      const podSpec = statefulSetOf(aCluster()).spec?.template.spec;
      expect(podSpec?.terminationGracePeriodSeconds).toBe(60);
      expect(podSpec?.automountServiceAccountToken).toBe(false);
      expect(podSpec?.enableServiceLinks).toBe(false);
    });

    it('prefers one broker per node when the spec sets no affinity', () => {
      expect(statefulSetOf(aCluster()).spec?.template.spec?.affinity).toEqual({
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: identity }, topologyKey: 'kubernetes.io/hostname' } },
          ],
        },
      });
    });

    it('takes affinity, node selector and tolerations from the spec', () => {
      const cluster = exampleCluster('production-cluster');
      const podSpec = desiredBrokerStatefulSet(
        { ...cluster, spec: { ...cluster.spec, nodeSelector: { workload: 'streaming' } } },
        facts,
      ).spec?.template.spec;
      expect(podSpec?.affinity).toEqual(cluster.spec.affinity);
      expect(podSpec?.nodeSelector).toEqual({ workload: 'streaming' });
      expect(podSpec?.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'streambus', effect: 'NoSchedule' }]);
    });

    it('sets no node selector or tolerations the spec does not ask for', () => {
      const podSpec = statefulSetOf(aCluster()).spec?.template.spec;
      expect(podSpec).not.toHaveProperty('nodeSelector');
      expect(podSpec).not.toHaveProperty('tolerations');
    });
  });

  it('matches the snapshot for the minimal example', () => {
    expect(desiredBrokerStatefulSet(exampleCluster('minimal-cluster'), facts)).toMatchSnapshot();
  });
});
