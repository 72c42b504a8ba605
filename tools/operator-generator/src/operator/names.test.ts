import { operatorNames, pluralOf } from './names.ts';

describe('operatorNames', () => {
  it('derives every name from name, group and kind', () => {
    expect(operatorNames({ name: 'tickstorm', group: 'tickstorm.io', kind: 'TickStorm' })).toEqual({
      name: 'tickstorm',
      operatorName: 'tickstorm-operator',
      group: 'tickstorm.io',
      version: 'v1alpha1',
      kind: 'TickStorm',
      kindLower: 'tickstorm',
      kindCamel: 'tickStorm',
      plural: 'tickstorms',
      kindPlural: 'TickStorms',
      metricsPrefix: 'tickstorm_operator',
      displayName: 'Tickstorm',
    });
  });

  it('takes a name with the -operator suffix and a version and display name', () => {
    const names = operatorNames({ name: 'tick-storm-operator', group: 'tickstorm.io', kind: 'TickStorm', apiVersion: 'v1', displayName: 'Tick-Storm' });
    expect(names).toMatchObject({ name: 'tick-storm', operatorName: 'tick-storm-operator', version: 'v1', metricsPrefix: 'tick_storm_operator', displayName: 'Tick-Storm' });
  });

  it.each([
    [{ name: 'Bad_Name', group: 'x.io', kind: 'X' }, /name "Bad_Name"/],
    [{ name: 'x', group: 'nodot', kind: 'X' }, /group "nodot"/],
    [{ name: 'x', group: 'x.io', kind: 'lowercase' }, /kind "lowercase"/],
    [{ name: 'x', group: 'x.io', kind: 'X', apiVersion: 'one' }, /version "one"/],
  ])('rejects %j', (options, message) => {
    expect(() => operatorNames(options)).toThrow(message);
  });
});

describe('pluralOf', () => {
  it.each([
    ['widget', 'widgets'],
    ['policy', 'policies'],
    ['gateway', 'gateways'],
    ['class', 'classes'],
    ['box', 'boxes'],
  ])('%s → %s', (word, plural) => expect(pluralOf(word)).toBe(plural));
});
