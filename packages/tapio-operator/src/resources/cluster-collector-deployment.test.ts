import { aCollector, anIntelligence, withAnnotations } from '../../test/fixtures.ts';
import type { TapioCollector } from '../api/v1alpha1/tapiocollector.ts';
import type { TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { desiredCorrelationDeployment } from './correlation-deployment.ts';
import { desiredClusterCollectorDeployment } from './cluster-collector-deployment.ts';
import { containerNamed } from './pods.ts';

const facts = { etcdEndpoints: ['https://10.0.0.10:2379', 'https://10.0.0.11:2379'] };

describe('desiredClusterCollectorDeployment', () => {
  it.each(['ebpf', 'systemd', 'cni'] as const)('is undefined for the node collector %s', (type) => {
    expect(desiredClusterCollectorDeployment(aCollector(type), facts)).toBeUndefined();
  });

  const kubernetes = desiredClusterCollectorDeployment(aCollector('kubernetes'), facts);

  it('runs one Kubernetes API collector with its own ServiceAccount token, under the restricted standard', () => {
    expect(kubernetes?.metadata?.name).toBe('tapio-kubernetes');
    expect(kubernetes?.spec?.replicas).toBe(1);
    expect(kubernetes?.spec?.template.spec).toMatchObject({ serviceAccountName: 'tapio-kubernetes', automountServiceAccountToken: true });
    expect(kubernetes?.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(containerNamed(kubernetes?.spec?.template.spec?.containers, 'collector').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(kubernetes?.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  it('gives the etcd collector its endpoints and client certificate, and no API token', () => {
    const etcd = desiredClusterCollectorDeployment(aCollector('etcd'), facts);
    const container = containerNamed(etcd?.spec?.template.spec?.containers, 'collector');
    expect(etcd?.spec?.template.spec?.automountServiceAccountToken).toBe(false);
    expect(container.env).toContainEqual({ name: 'TAPIO_ETCD_ENDPOINTS', value: 'https://10.0.0.10:2379,https://10.0.0.11:2379' });
    expect(container.volumeMounts).toContainEqual({ name: 'etcd-certificates', mountPath: '/etc/tapio/etcd', readOnly: true });
    expect(etcd?.spec?.template.spec?.volumes).toContainEqual({ name: 'etcd-certificates', secret: { secretName: 'etcd-client', defaultMode: 0o440 } });
  });

  it.each(['kubernetes', 'etcd'] as const)('matches the snapshot for %s', (type) => {
    expect(desiredClusterCollectorDeployment(aCollector(type), facts)).toMatchSnapshot();
  });
});

describe('NATS clients\' pod templates', () => {
  it('carry the NATS user their resource names, so a new one rolls them', () => {
    const annotations = { 'tapio.io/nats-user': 'tapio-abc123' };
    expect(desiredClusterCollectorDeployment(aCollector('kubernetes', withAnnotations<TapioCollector>(annotations)), facts)?.spec?.template.metadata?.annotations).toEqual(annotations);
    expect(desiredCorrelationDeployment(anIntelligence(withAnnotations<TapioIntelligence>(annotations))).spec?.template.metadata?.annotations).toMatchObject(annotations);
    expect(desiredClusterCollectorDeployment(aCollector('kubernetes'), facts)?.spec?.template.metadata?.annotations).toBeUndefined();
  });
});
