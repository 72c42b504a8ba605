import { aCollector } from '../../test/fixtures.ts';
import { desiredCollectorMetricsService } from './collector-metrics-service.ts';

describe('desiredCollectorMetricsService', () => {
  it('is a headless <collector>-metrics on the metrics port of the collector', () => {
    const service = desiredCollectorMetricsService(aCollector('ebpf'));
    expect(service.metadata?.name).toBe('tapio-ebpf-metrics');
    expect(service.spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/name': 'tapio-ebpf-collector', 'app.kubernetes.io/instance': 'tapio-ebpf', 'app.kubernetes.io/component': 'ebpf-collector' },
      ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
    });
    expect(desiredCollectorMetricsService(aCollector('cni')).spec?.ports?.[0]?.port).toBe(9465);
  });

  it('fits a DNS label for the longest collector name', () => {
    const longest = aCollector('ebpf', (collector) => ({ ...collector, metadata: { ...collector.metadata, name: 'c'.repeat(55) } }));
    expect(desiredCollectorMetricsService(longest).metadata?.name?.length).toBe(63);
  });

  it('matches the snapshot', () => {
    expect(desiredCollectorMetricsService(aCollector('kubernetes'))).toMatchSnapshot();
  });
});
