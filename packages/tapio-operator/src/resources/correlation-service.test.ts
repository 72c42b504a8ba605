import { anIntelligence } from '../../test/fixtures.ts';
import { desiredCorrelationService } from './correlation-service.ts';

describe('desiredCorrelationService', () => {
  it('is the gateway upstream, selecting both tracks', () => {
    const service = desiredCorrelationService(anIntelligence());
    expect(service.metadata?.name).toBe('tapio-correlation');
    expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': 'tapio-correlation', 'app.kubernetes.io/instance': 'tapio', 'app.kubernetes.io/component': 'correlation' });
    expect(service.spec?.ports?.map((port) => [port.name, port.port])).toEqual([
      ['http', 8080],
      ['metrics', 9090],
    ]);
  });

  it('matches the snapshot', () => {
    expect(desiredCorrelationService(anIntelligence())).toMatchSnapshot();
  });
});
