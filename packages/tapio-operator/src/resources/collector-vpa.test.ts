import { aCollector, withCollectorSpec } from '../../test/fixtures.ts';
import { desiredCollectorVerticalPodAutoscaler } from './collector-vpa.ts';

describe('desiredCollectorVerticalPodAutoscaler', () => {
  it('recommends by default (updateMode Off), for the collector workload', () => {
    expect(desiredCollectorVerticalPodAutoscaler(aCollector('ebpf'))?.spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'tapio-ebpf' },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
    });
    expect(desiredCollectorVerticalPodAutoscaler(aCollector('kubernetes'))?.spec.targetRef.kind).toBe('Deployment');
  });

  it('takes the update mode, and is undefined when turned off', () => {
    expect(desiredCollectorVerticalPodAutoscaler(aCollector('cni', withCollectorSpec({ verticalAutoscaling: { updateMode: 'Initial' } })))?.spec.updatePolicy).toEqual({ updateMode: 'Initial' });
    expect(desiredCollectorVerticalPodAutoscaler(aCollector('cni', withCollectorSpec({ verticalAutoscaling: { enabled: false } })))).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredCollectorVerticalPodAutoscaler(aCollector('systemd'))).toMatchSnapshot();
  });
});
