import { aPattern, examplePattern, withPatternSpec } from '../../test/fixtures.ts';
import { desiredPatternService } from './pattern-service.ts';

describe('desiredPatternService', () => {
  it('is <pattern> on port 8080, as the seed\'s http://<pattern>:8080/health reaches it', () => {
    const service = desiredPatternService(examplePattern('prismpattern_hpa_example'));
    expect(service.metadata?.name).toBe('producer-kafka-events');
    expect(service.spec?.type).toBe('ClusterIP');
    expect(service.spec?.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': 'prism', 'app.kubernetes.io/instance': 'producer-kafka-events', 'app.kubernetes.io/component': 'pattern-runner' });
  });

  it('follows spec.service', () => {
    const service = desiredPatternService(aPattern(withPatternSpec({ service: { type: 'LoadBalancer', port: 9000, annotations: { 'lb.example/internal': 'true' } } })));
    expect(service.spec?.type).toBe('LoadBalancer');
    expect(service.spec?.ports?.[0]?.port).toBe(9000);
    expect(service.metadata?.annotations).toEqual({ 'lb.example/internal': 'true' });
  });

  it('matches the snapshot', () => {
    expect(desiredPatternService(examplePattern('prismpattern_hpa_example'))).toMatchSnapshot();
  });
});
