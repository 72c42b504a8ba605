import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { configHash, desiredConfigMap } from './config-map.ts';

describe('desiredConfigMap', () => {
  it('is <name>-config holding spec.config as it is', () => {
    const configMap = desiredConfigMap(aTickStorm(withSpec({ config: { 'log-level': 'debug', 'ip-allowlist': '10.0.0.0/8' } })));
    expect(configMap.metadata?.name).toBe('tick-storm-config');
    expect(configMap.data).toEqual({ 'log-level': 'debug', 'ip-allowlist': '10.0.0.0/8' });
    expect(configMap.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('is empty without spec.config', () => {
    expect(desiredConfigMap(aTickStorm()).data).toEqual({});
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredConfigMap(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});

describe('configHash', () => {
  it('changes with a value and not with the order of keys', () => {
    const hash = (config: Record<string, string>) => configHash(desiredConfigMap(aTickStorm(withSpec({ config }))));
    expect(hash({ a: '1', b: '2' })).toBe(hash({ b: '2', a: '1' }));
    expect(hash({ a: '1', b: '2' })).not.toBe(hash({ a: '1', b: '3' }));
  });
});
