import Type from 'typebox';
import { Value } from 'typebox/value';
import { celRuleIssues, celValidations, withCelRules, type CelRule } from './cel-rules.ts';
import { toCrd } from './to-crd.ts';

type Tls = { enabled?: boolean; secretName?: string };
const tlsRules: CelRule<Tls>[] = [
  { rule: '!self.enabled || has(self.secretName)', message: 'secretName is required when TLS is enabled', fieldPath: '.secretName', holds: (t) => !t.enabled || t.secretName !== undefined },
];
const Tls = withCelRules(Type.Object({ enabled: Type.Optional(Type.Boolean()), secretName: Type.Optional(Type.String()) }, { description: 'TLS.' }), tlsRules);
const Port = withCelRules(Type.Object({ port: Type.Integer(), target: Type.Integer() }), [{ rule: 'self.port != 0', message: 'port must not be 0', holds: (p: { port: number }) => p.port !== 0 }]);
const Spec = Type.Object({
  tls: Type.Optional(Tls),
  ports: Type.Optional(Type.Array(Port)),
  // A transition rule: CEL only, nothing to run in TypeScript.
  class: Type.Optional(withCelRules(Type.String(), [{ rule: 'self == oldSelf', message: 'class is immutable' }])),
});

const rulesOf = (schema: object) => (schema as { 'x-kubernetes-validations'?: { rule: string }[] })['x-kubernetes-validations'];

describe('withCelRules', () => {
  it('puts the CEL beside the schema node, without the TypeScript twin, into the CRD', () => {
    expect(rulesOf(Tls)).toEqual([{ rule: '!self.enabled || has(self.secretName)', message: 'secretName is required when TLS is enabled', fieldPath: '.secretName' }]);
    const crd = toCrd({ group: 'example.dev', names: { kind: 'Foo', plural: 'foos' }, scope: 'Namespaced', versions: [{ name: 'v1', spec: Spec, validations: celValidations([{ rule: 'self.metadata.name.size() < 20', message: 'short', holds: () => true }]) }] });
    const root = crd.spec.versions[0]!.schema.openAPIV3Schema;
    expect(root['x-kubernetes-validations']).toEqual([{ rule: 'self.metadata.name.size() < 20', message: 'short' }]);
    expect(root.properties?.spec?.properties?.tls?.['x-kubernetes-validations']).toEqual(rulesOf(Tls));
    expect(JSON.stringify(crd)).not.toContain('holds');
  });

  it('adds to rules already on the node, and keeps the node\'s other options', () => {
    const twice = withCelRules(Tls, [{ rule: 'true', message: 'always' }]);
    expect(rulesOf(twice)?.map((r) => r.rule)).toEqual(['!self.enabled || has(self.secretName)', 'true']);
    expect((twice as { description?: string }).description).toBe('TLS.');
  });

  it('keeps the node a TypeBox schema: defaults still apply through it', () => {
    const Defaults = Type.Object({ tls: Type.Optional(withCelRules(Type.Object({ enabled: Type.Optional(Type.Boolean({ default: false })) }, { default: {} }), [])) });
    expect(Value.Default(Defaults, {})).toEqual({ tls: { enabled: false } });
  });
});

describe('celRuleIssues', () => {
  it('runs each TypeScript twin at its node and names the field as the API server does', () => {
    expect(celRuleIssues(Spec, { tls: { enabled: true }, ports: [{ port: 1, target: 1 }, { port: 0, target: 1 }] }, 'spec')).toEqual([
      { path: 'spec.tls.secretName', message: 'secretName is required when TLS is enabled' },
      { path: 'spec.ports[1]', message: 'port must not be 0' },
    ]);
  });

  it('finds nothing for valid input, for absent nodes, and for rules without a twin', () => {
    expect(celRuleIssues(Spec, { tls: { enabled: true, secretName: 's' }, class: 'x' })).toEqual([]);
    expect(celRuleIssues(Spec, {})).toEqual([]);
  });
});
