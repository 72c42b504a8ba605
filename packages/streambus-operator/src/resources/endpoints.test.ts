import { aCluster, withName, withReplicas, withSpec } from '../../test/fixtures.ts';
import { brokerEndpoints } from './endpoints.ts';

describe('brokerEndpoints', () => {
  it('lists every broker the spec asks for by its stable DNS name and client port', () => {
    expect(brokerEndpoints(aCluster())).toEqual([
      'streambus-minimal-0.streambus-minimal-headless.default.svc:9092',
      'streambus-minimal-1.streambus-minimal-headless.default.svc:9092',
      'streambus-minimal-2.streambus-minimal-headless.default.svc:9092',
    ]);
  });

  it('lists the given pods only, by ordinal, once each', () => {
    expect(brokerEndpoints(aCluster(), [{ ordinal: 2 }, { ordinal: 0 }, { ordinal: 2 }])).toEqual([
      'streambus-minimal-0.streambus-minimal-headless.default.svc:9092',
      'streambus-minimal-2.streambus-minimal-headless.default.svc:9092',
    ]);
  });

  it('follows the name, namespace and client port', () => {
    const cluster = aCluster(withName('bus', 'kafka-free'), withReplicas(1), withSpec({ config: { port: 19092 } }));
    expect(brokerEndpoints(cluster)).toEqual(['bus-0.bus-headless.kafka-free.svc:19092']);
  });

  it('is empty for a cluster scaled to zero', () => {
    expect(brokerEndpoints(aCluster(withReplicas(0)))).toEqual([]);
  });
});
