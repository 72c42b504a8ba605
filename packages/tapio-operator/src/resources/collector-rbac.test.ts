import { aCollector } from '../../test/fixtures.ts';
import {
  desiredCollectorServiceAccount,
  desiredKubernetesCollectorClusterRole,
  desiredKubernetesCollectorClusterRoleBinding,
  KUBERNETES_COLLECTOR_RULES,
} from './collector-rbac.ts';

describe('collector RBAC', () => {
  it('every collector gets a ServiceAccount of its own, owned by it', () => {
    const account = desiredCollectorServiceAccount(aCollector('ebpf'));
    expect(account.metadata?.name).toBe('tapio-ebpf');
    expect(account.automountServiceAccountToken).toBe(false);
    expect(account.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCollector', controller: true });
  });

  it.each(['ebpf', 'systemd', 'cni', 'etcd'] as const)('%s gets no ClusterRole', (type) => {
    expect(desiredKubernetesCollectorClusterRole(aCollector(type))).toBeUndefined();
    expect(desiredKubernetesCollectorClusterRoleBinding(aCollector(type))).toBeUndefined();
  });

  it('the Kubernetes API collector gets a read-only ClusterRole of its own, bound to its ServiceAccount alone', () => {
    const collector = aCollector('kubernetes');
    const role = desiredKubernetesCollectorClusterRole(collector);
    const binding = desiredKubernetesCollectorClusterRoleBinding(collector);
    expect(role?.metadata?.name).toBe('tapio-collector:tapio:tapio-kubernetes');
    expect(role?.metadata?.labels).toMatchObject({ 'tapio.io/owner-namespace': 'tapio', 'app.kubernetes.io/instance': 'tapio-kubernetes' });
    expect(role?.metadata).not.toHaveProperty('ownerReferences');
    expect(binding?.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tapio-collector:tapio:tapio-kubernetes' });
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'tapio-kubernetes', namespace: 'tapio' }]);
  });

  it('reads, never writes, and never reads Secrets or ConfigMaps', () => {
    for (const rule of KUBERNETES_COLLECTOR_RULES) expect(rule.verbs).toEqual(['get', 'list', 'watch']);
    const resources = KUBERNETES_COLLECTOR_RULES.flatMap((rule) => rule.resources ?? []);
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('configmaps');
    expect(resources).not.toContain('*');
  });

  it('matches the snapshot', () => {
    const collector = aCollector('kubernetes');
    expect([desiredKubernetesCollectorClusterRole(collector), desiredKubernetesCollectorClusterRoleBinding(collector)]).toMatchSnapshot();
  });
});
