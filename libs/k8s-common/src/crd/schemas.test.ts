import Type from 'typebox';
import { Value } from 'typebox/value';
import type { V1Affinity, V1EnvVar, V1LocalObjectReference, V1Toleration } from '@kubernetes/client-node';
import {
  Affinity,
  Condition,
  Conditions,
  CustomResource,
  Duration,
  EnvVars,
  IntOrString,
  LocalObjectReference,
  NodeSelector,
  Quantity,
  ResourceRequirements,
  Tolerations,
} from './schemas.ts';
import type { EnvVar, Toleration } from './schemas.ts';
import { toStructuralSchema } from './to-crd.ts';

const readyCondition: Condition = {
  type: 'Ready',
  status: 'True',
  observedGeneration: 3,
  lastTransitionTime: '2025-01-02T03:04:05Z',
  reason: 'AllReplicasReady',
  message: '',
};

describe('shared schemas', () => {
  it('accept what upstream accepts and reject what it rejects', () => {
    expect(Value.Check(Condition(), readyCondition)).toBe(true);
    expect(Value.Check(Condition(), { ...readyCondition, type: 'example.com/Synced' })).toBe(true);
    expect(Value.Check(Condition(), { ...readyCondition, reason: 'not camel case' })).toBe(false);
    expect(Value.Check(Condition(), { ...readyCondition, status: 'Maybe' })).toBe(false);
    expect(Value.Check(Condition(), { ...readyCondition, lastTransitionTime: 'yesterday' })).toBe(false);

    for (const quantity of ['500m', '2Gi', '1.5', '1e3', '+1', 1]) expect(Value.Check(Quantity(), quantity)).toBe(true);
    for (const quantity of ['abc', '1.5.5', '2GB', 0.5]) expect(Value.Check(Quantity(), quantity)).toBe(false);

    expect([3, '25%', true].map((value) => Value.Check(IntOrString(), value))).toEqual([true, true, false]);
    expect(['30s', '1h30m', '1.5h', '0', '5x', '-1s'].map((value) => Value.Check(Duration(), value))).toEqual([true, true, true, true, false, false]);
  });

  it('generate the upstream CRD fragments', () => {
    expect(toStructuralSchema(Quantity())).toEqual({
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
      description: 'A quantity such as 500m, 2Gi or 1.',
    });
    expect(toStructuralSchema(IntOrString({ description: 'Pods that may be down.' }))).toEqual({
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      description: 'Pods that may be down.',
    });
    const conditions = toStructuralSchema(Conditions());
    expect(conditions).toMatchObject({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });
    expect(conditions.items?.properties?.reason).toMatchObject({ minLength: 1, maxLength: 1024, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' });
    expect(toStructuralSchema(Affinity())).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(toStructuralSchema(NodeSelector())).toMatchObject({ type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' });
    expect(toStructuralSchema(EnvVars())).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(toStructuralSchema(EnvVars()).items?.properties?.valueFrom).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(toStructuralSchema(LocalObjectReference()).properties?.name).toMatchObject({ type: 'string', default: '' });
    expect(toStructuralSchema(Tolerations()).items?.properties?.tolerationSeconds).toMatchObject({ type: 'integer', format: 'int64' });
    const resources = toStructuralSchema(ResourceRequirements());
    expect(resources.properties?.limits?.additionalProperties).toMatchObject({ 'x-kubernetes-int-or-string': true });
    expect(resources.properties?.claims).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
  });

  it('type embedded core objects like @kubernetes/client-node', () => {
    const toleration: Toleration = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule', tolerationSeconds: 60 };
    const env: EnvVar = { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };
    const affinity: V1Affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } };
    const forPodSpec: { tolerations: V1Toleration[]; env: V1EnvVar[]; pullSecret: V1LocalObjectReference } = {
      tolerations: [toleration],
      env: [env],
      pullSecret: { name: 'registry' } satisfies LocalObjectReference,
    };
    const Spec = Type.Object({ tolerations: Tolerations(), env: EnvVars(), affinity: Affinity(), pullSecret: LocalObjectReference() });
    expect(Value.Check(Spec, { ...forPodSpec, affinity })).toBe(true);
  });

  it('build a whole resource with optional status', () => {
    const Widget = CustomResource(Type.Object({ size: Type.Integer() }), Type.Object({ conditions: Conditions() }));
    const metadata = { name: 'w', namespace: 'default' };
    expect(Value.Check(Widget, { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: { size: 1 } })).toBe(true);
    expect(Value.Check(Widget, { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: { size: 1 }, status: { conditions: [readyCondition] } })).toBe(true);
    expect(Value.Check(Widget, { apiVersion: 'example.com/v1', kind: 'Widget', metadata })).toBe(false);
  });
});
