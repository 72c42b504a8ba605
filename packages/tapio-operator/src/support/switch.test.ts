import { toCrd, validateResource } from '@operators/k8s-common';
import Type from 'typebox';
import { resolveCrdForms } from './crd-form.ts';
import { Switch, switchedOn, switchIsSet } from './switch.ts';

describe('Switch', () => {
  const schema = Type.Object({ on: Type.Optional(Switch({ description: 'A switch.' })) }, { additionalProperties: false });

  it.each([true, false, {}, { enabled: true }, { enabled: false }])('accepts %j', (on) => {
    expect(validateResource(schema, { on }).ok).toBe(true);
  });

  it.each([['yes'], [1], [null], [{ enabled: 'yes' }], [{ enabled: true, extra: 1 }], [[true]]])('rejects %j', (on) => {
    expect(validateResource(schema, { on }).ok).toBe(false);
  });

  it('becomes, in the CRD, an untyped node whose enum lists every accepted value, with its description', () => {
    const crd = toCrd({
      group: 'example.io',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', spec: resolveCrdForms(schema) }],
    });
    expect(crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec?.properties?.on).toEqual({
      description: 'A switch. Written as true, false or {enabled: true|false}.',
      'x-kubernetes-preserve-unknown-fields': true,
      enum: [true, false, {}, { enabled: true }, { enabled: false }],
    });
  });

  it('cannot reach toCrd unresolved: a boolean | object union is not structural', () => {
    expect(() =>
      toCrd({ group: 'example.io', names: { kind: 'Thing', plural: 'things' }, scope: 'Namespaced', versions: [{ name: 'v1', spec: schema }] }),
    ).toThrow(/cannot be expressed in a structural schema/);
  });
});

describe('switchedOn', () => {
  it.each([
    [true, false, true],
    [false, true, false],
    [{ enabled: true }, false, true],
    [{ enabled: false }, true, false],
    [{}, true, true],
    [{}, false, false],
    [undefined, true, true],
    [undefined, false, false],
  ] as const)('%j with fallback %s is %s', (value, otherwise, expected) => {
    expect(switchedOn(value, otherwise)).toBe(expected);
  });
});

describe('switchIsSet', () => {
  it.each([
    [true, true],
    [false, true],
    [{ enabled: false }, true],
    [{}, false],
    [undefined, false],
  ] as const)('%j: %s', (value, expected) => {
    expect(switchIsSet(value)).toBe(expected);
  });
});
