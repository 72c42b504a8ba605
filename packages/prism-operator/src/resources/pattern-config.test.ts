import { aPattern, withPatternSpec } from '../../test/fixtures.ts';
import { desiredPatternConfigMap, patternConfigHash } from './pattern-config.ts';

describe('desiredPatternConfigMap', () => {
  it('is undefined without spec.config, or with an empty one', () => {
    expect(desiredPatternConfigMap(aPattern())).toBeUndefined();
    expect(desiredPatternConfigMap(aPattern(withPatternSpec({ config: {} })))).toBeUndefined();
  });

  it('is <pattern>-config with the config as data, owned by the pattern', () => {
    const configMap = desiredPatternConfigMap(aPattern(withPatternSpec({ config: { kafkaTopic: 'orders', batchSize: '1000' } })));
    expect(configMap?.metadata?.name).toBe('orders-config');
    expect(configMap?.data).toEqual({ kafkaTopic: 'orders', batchSize: '1000' });
    expect(configMap?.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismPattern', name: 'orders', controller: true })]);
  });

  it('matches the snapshot', () => {
    expect(desiredPatternConfigMap(aPattern(withPatternSpec({ config: { kafkaTopic: 'orders' } })))).toMatchSnapshot();
  });
});

describe('patternConfigHash', () => {
  it('changes with the config and not with key order', () => {
    const hash = (config: Record<string, string>) => patternConfigHash(aPattern(withPatternSpec({ config })));
    expect(hash({ a: '1', b: '2' })).toBe(hash({ b: '2', a: '1' }));
    expect(hash({ a: '1' })).not.toBe(hash({ a: '2' }));
    expect(patternConfigHash(aPattern())).toBeUndefined();
  });
});
