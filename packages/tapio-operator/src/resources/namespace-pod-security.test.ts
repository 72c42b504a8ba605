import { aCluster, exampleCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredNamespacePodSecurity, requiredPodSecurityLevel } from './namespace-pod-security.ts';

describe('Pod Security admission labels', () => {
  it.each([
    ['minimal-development', 'restricted'],
    ['edge', 'restricted'],
    ['production-ha', 'privileged'],
    ['installation', 'privileged'],
  ] as const)('%s needs %s', (name, level) => {
    expect(requiredPodSecurityLevel(exampleCluster(name))).toBe(level);
  });

  it('enforces the required level, audits and warns at restricted, on the cluster namespace only', () => {
    expect(desiredNamespacePodSecurity(exampleCluster('production-ha'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'tapio',
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });
  });

  it('is undefined when security.podSecurityLabels is off', () => {
    expect(desiredNamespacePodSecurity(aCluster(withClusterSpec({ security: { podSecurityLabels: false } })))).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredNamespacePodSecurity(aCluster())).toMatchSnapshot();
  });
});
