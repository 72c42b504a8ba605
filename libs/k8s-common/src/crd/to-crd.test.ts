import Type from 'typebox';
import { Conditions } from './schemas.ts';
import { CrdSchemaError, toCrd, toStructuralSchema } from './to-crd.ts';
import type { CustomResourceDefinitionInput, JsonSchemaProps } from './to-crd.ts';

const BackupSpec = Type.Object(
  {
    replicas: Type.Integer({ format: 'int32', minimum: 0, default: 1, description: 'Number of backup workers.' }),
    retentionDays: Type.Optional(Type.Integer({ format: 'int64', exclusiveMinimum: 0 })),
    mode: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('incremental')], { default: 'full' })),
    compression: Type.Optional(Type.Union([Type.Literal('gzip'), Type.Literal('zstd'), Type.Null()])),
    schedule: Type.Object(
      {
        cron: Type.String({ minLength: 1, description: 'Cron expression.' }),
        timeZone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    settings: Type.Optional(Type.Object({}, { 'x-kubernetes-preserve-unknown-fields': true })),
    ratio: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
  },
  {
    additionalProperties: false,
    $id: 'BackupSpec',
    'x-kubernetes-validations': [{ rule: 'self.replicas <= 10', message: 'at most 10 workers', reason: 'FieldValueForbidden' }],
  },
);

const BackupStatus = Type.Object({
  replicas: Type.Optional(Type.Integer({ format: 'int32' })),
  selector: Type.Optional(Type.String()),
  conditions: Type.Optional(Conditions()),
});

function backupDefinition(overrides: Partial<CustomResourceDefinitionInput['versions'][number]> = {}): CustomResourceDefinitionInput {
  return {
    group: 'backup.example.com',
    names: { kind: 'Backup', plural: 'backups', shortNames: ['bk'], categories: ['all', 'storage'] },
    scope: 'Namespaced',
    description: 'A scheduled backup.',
    labels: { 'app.kubernetes.io/part-of': 'backup-operator' },
    versions: [
      {
        name: 'v1',
        spec: BackupSpec,
        status: BackupStatus,
        subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        printerColumns: [
          { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        ...overrides,
      },
    ],
  };
}

function specSchema(definition = backupDefinition()): JsonSchemaProps {
  const spec = toCrd(definition).spec.versions[0]?.schema.openAPIV3Schema.properties?.spec;
  if (!spec?.properties) throw new Error('spec schema missing');
  return spec;
}

function errorOf(action: () => unknown): CrdSchemaError {
  try {
    action();
  } catch (error) {
    if (error instanceof CrdSchemaError) return error;
    throw error;
  }
  throw new Error('expected a CrdSchemaError');
}

describe('toCrd', () => {
  it('builds the CRD envelope, names, subresources and printer columns', () => {
    const crd = toCrd(backupDefinition());
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata).toEqual({ name: 'backups.backup.example.com', labels: { 'app.kubernetes.io/part-of': 'backup-operator' } });
    expect(crd.spec.group).toBe('backup.example.com');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toEqual({
      kind: 'Backup',
      listKind: 'BackupList',
      plural: 'backups',
      singular: 'backup',
      shortNames: ['bk'],
      categories: ['all', 'storage'],
    });
    const [version] = crd.spec.versions;
    expect(version?.name).toBe('v1');
    expect(version?.served).toBe(true);
    expect(version?.storage).toBe(true);
    expect(version?.subresources).toEqual({
      status: {},
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
    expect(version?.additionalPrinterColumns).toEqual([
      { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
  });

  it('wraps spec and status in the resource envelope with opaque metadata', () => {
    const root = toCrd(backupDefinition()).spec.versions[0]?.schema.openAPIV3Schema;
    expect(root?.type).toBe('object');
    expect(root?.description).toBe('A scheduled backup.');
    expect(root?.required).toEqual(['spec']);
    expect(Object.keys(root?.properties ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(root?.properties?.metadata).toEqual({ type: 'object' });
    expect(root?.properties?.apiVersion?.type).toBe('string');
    expect(root?.properties?.kind?.type).toBe('string');
    expect(root?.properties?.status?.description).toBe('Observed state of the Backup, written by its operator.');
  });

  it('converts scalars, literal unions, nullables, int formats and exclusive bounds', () => {
    const { properties } = specSchema();
    expect(properties?.replicas).toEqual({ type: 'integer', format: 'int32', minimum: 0, default: 1, description: 'Number of backup workers.' });
    expect(properties?.retentionDays).toEqual({ type: 'integer', format: 'int64', minimum: 0, exclusiveMinimum: true });
    expect(properties?.mode).toEqual({ type: 'string', enum: ['full', 'incremental'], default: 'full' });
    expect(properties?.compression).toEqual({ type: 'string', nullable: true, allOf: [{ enum: ['gzip', 'zstd'] }] });
    expect(properties?.ratio).toEqual({ type: 'number', minimum: 0, maximum: 1, exclusiveMaximum: true });
  });

  it('converts nested objects, records and preserve-unknown-fields, dropping $id and additionalProperties: false', () => {
    const spec = specSchema();
    expect(spec.properties?.schedule).toEqual({
      type: 'object',
      required: ['cron'],
      properties: {
        cron: { type: 'string', minLength: 1, description: 'Cron expression.' },
        timeZone: { type: 'string', nullable: true },
      },
    });
    expect(spec.properties?.labels).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(spec.properties?.settings).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec).not.toHaveProperty('additionalProperties');
    expect(spec).not.toHaveProperty('$id');
    expect(spec.required).toEqual(['replicas', 'schedule']);
    expect(spec.description).toBe('Desired state of the Backup.');
  });

  it('keeps CEL rules and list-map conditions', () => {
    const crd = toCrd(backupDefinition());
    const root = crd.spec.versions[0]?.schema.openAPIV3Schema;
    expect(root?.properties?.spec?.['x-kubernetes-validations']).toEqual([
      { rule: 'self.replicas <= 10', message: 'at most 10 workers', reason: 'FieldValueForbidden' },
    ]);
    const conditions = root?.properties?.status?.properties?.conditions;
    expect(conditions?.['x-kubernetes-list-type']).toBe('map');
    expect(conditions?.['x-kubernetes-list-map-keys']).toEqual(['type']);
    expect(conditions?.items?.required).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
    expect(conditions?.items?.properties?.status).toEqual({
      type: 'string',
      enum: ['True', 'False', 'Unknown'],
      description: 'Status of the condition: True, False or Unknown.',
    });
    expect(conditions?.items?.properties?.observedGeneration).toMatchObject({ type: 'integer', format: 'int64', minimum: 0 });
    expect(conditions?.items?.properties?.lastTransitionTime).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('adds whole-object CEL rules to the root and defaults the status subresource on', () => {
    const crd = toCrd(
      backupDefinition({ validations: [{ rule: 'self.metadata.name.size() <= 40', message: 'name too long' }], subresources: undefined }),
    );
    const [version] = crd.spec.versions;
    expect(version?.schema.openAPIV3Schema['x-kubernetes-validations']).toEqual([{ rule: 'self.metadata.name.size() <= 40', message: 'name too long' }]);
    expect(version?.subresources).toEqual({ status: {} });
  });

  it('omits subresources for a spec-only resource and sets served/storage explicitly for several versions', () => {
    const crd = toCrd({
      group: 'example.com',
      names: { kind: 'Gadget', plural: 'gadgets' },
      scope: 'Cluster',
      versions: [
        { name: 'v1alpha1', storage: false, deprecated: true, deprecationWarning: 'use v1', spec: Type.Object({ a: Type.String() }) },
        { name: 'v1', storage: true, spec: Type.Object({ a: Type.String() }) },
      ],
    });
    expect(crd.spec.versions.map(({ name, served, storage, deprecated, deprecationWarning, subresources }) => ({ name, served, storage, deprecated, deprecationWarning, subresources }))).toEqual([
      { name: 'v1alpha1', served: true, storage: false, deprecated: true, deprecationWarning: 'use v1', subresources: undefined },
      { name: 'v1', served: true, storage: true, deprecated: undefined, deprecationWarning: undefined, subresources: undefined },
    ]);
    expect(crd.spec.versions[0]?.schema.openAPIV3Schema.properties).not.toHaveProperty('status');
  });

  it('rejects several storage versions, bad names and misplaced paths', () => {
    const spec = Type.Object({ replicas: Type.Integer() });
    expect(() =>
      toCrd({ group: 'example.com', names: { kind: 'Thing', plural: 'things' }, scope: 'Namespaced', versions: [{ name: 'v1', spec }, { name: 'v2', spec }] }),
    ).toThrow('exactly one version must be the storage version');
    expect(() => toCrd({ group: 'example', names: { kind: 'Thing', plural: 'Things' }, scope: 'Namespaced', versions: [{ name: 'v1', spec }] })).toThrow(
      /group "example" must be a DNS subdomain.*plural "Things" must be a lowercase DNS label/,
    );
    expect(errorOf(() => toCrd(backupDefinition({ printerColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }] }))).message).toBe(
      'backups.backup.example.com v1: .spec.size: printer column "Size" points at a field the schema does not declare',
    );
    expect(errorOf(() => toCrd(backupDefinition({ subresources: { scale: { specReplicasPath: '.spec.mode', statusReplicasPath: '.status.replicas' } } }))).path).toBe('.spec.mode');
    expect(errorOf(() => toCrd(backupDefinition({ status: undefined, subresources: { status: true } }))).path).toBe('status');
    expect(errorOf(() => toCrd(backupDefinition({ selectableFields: ['.spec.labels'] }))).path).toBe('.spec.labels');
    expect(toCrd(backupDefinition({ selectableFields: ['.spec.mode'] })).spec.versions[0]?.selectableFields).toEqual([{ jsonPath: '.spec.mode' }]);
  });
});

describe('toStructuralSchema', () => {
  it('turns integer | string into x-kubernetes-int-or-string, hoisting each side’s constraints', () => {
    expect(toStructuralSchema(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[a-z]+$' })]))).toEqual({
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      minimum: 1,
      pattern: '^[a-z]+$',
    });
  });

  it('keeps alternatives of one scalar type as value validations under anyOf', () => {
    expect(toStructuralSchema(Type.Union([Type.Literal('auto'), Type.String({ pattern: '^[0-9]+Gi$' })], { description: 'Size.' }))).toEqual({
      type: 'string',
      description: 'Size.',
      anyOf: [{ enum: ['auto'] }, { pattern: '^[0-9]+Gi$' }],
    });
  });

  it('keeps the stricter of an inclusive and an exclusive bound, whatever their order', () => {
    expect(toStructuralSchema(Type.Integer({ exclusiveMinimum: 5, minimum: 0 }))).toEqual({ type: 'integer', minimum: 5, exclusiveMinimum: true });
    expect(toStructuralSchema(Type.Integer({ minimum: 10, exclusiveMinimum: 5 }))).toEqual({ type: 'integer', minimum: 10 });
    expect(toStructuralSchema(Type.Number({ maximum: 1, exclusiveMaximum: 2 }))).toEqual({ type: 'number', maximum: 1 });
  });

  it('turns a single const and Type.Enum into enums with an inferred type', () => {
    expect(toStructuralSchema(Type.Literal(3))).toEqual({ type: 'integer', enum: [3] });
    expect(toStructuralSchema(Type.Enum(['a', 'b']))).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('turns unknown values into preserve-unknown-fields and arrays of unique scalars into sets', () => {
    expect(toStructuralSchema(Type.Unknown({ description: 'Anything.' }))).toEqual({ description: 'Anything.', 'x-kubernetes-preserve-unknown-fields': true });
    expect(toStructuralSchema(Type.Array(Type.String(), { uniqueItems: true, maxItems: 5 }))).toEqual({
      type: 'array',
      items: { type: 'string' },
      maxItems: 5,
      'x-kubernetes-list-type': 'set',
    });
  });

  it('passes through every x-kubernetes extension', () => {
    const embedded = Type.Object({}, { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
    expect(toStructuralSchema(embedded)).toEqual({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
    const atomic = Type.Object({ name: Type.String() }, { 'x-kubernetes-map-type': 'atomic' });
    expect(toStructuralSchema(atomic)).toEqual({ type: 'object', required: ['name'], properties: { name: { type: 'string' } }, 'x-kubernetes-map-type': 'atomic' });
    const rules = [{ rule: 'self.a == oldSelf.a', messageExpression: '"a is immutable"', fieldPath: '.a', optionalOldSelf: true }];
    expect(toStructuralSchema(Type.Object({ a: Type.String() }, { 'x-kubernetes-validations': rules }))['x-kubernetes-validations']).toEqual(rules);
  });

  it('merges an intersection of objects into one object', () => {
    const merged = Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Optional(Type.Integer()) })], { description: 'Both.' });
    expect(toStructuralSchema(merged)).toEqual({
      type: 'object',
      description: 'Both.',
      required: ['a'],
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
    });
  });

  it('inlines references from $defs and rejects recursion with the path', () => {
    const inlined = toStructuralSchema(Type.Object({ port: Type.Ref('Port') }, { $defs: { Port: Type.Integer({ maximum: 65535 }) } }));
    expect(inlined.properties?.port).toEqual({ type: 'integer', maximum: 65535 });
    const tree = Type.Cyclic({ Node: Type.Object({ children: Type.Array(Type.Ref('Node')) }) }, 'Node');
    expect(errorOf(() => toStructuralSchema(tree, 'spec.tree')).message).toMatch(/^spec\.tree\.children\[\]: recursive type "Node"/);
    expect(errorOf(() => toStructuralSchema(Type.Object({ x: Type.Ref('Missing') }), 'spec')).message).toMatch(/^spec\.x: \$ref "Missing" does not resolve/);
  });

  it.each([
    ['a union of two object types', Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]), 'spec.source', /a union of different object types/],
    ['a union of mixed types', Type.Union([Type.String(), Type.Boolean()]), 'spec.source', /a union of string \| boolean cannot be expressed/],
    ['a tuple', Type.Tuple([Type.String(), Type.Integer()]), 'spec.source', /tuples cannot be expressed/],
    ['unique object items', Type.Array(Type.Object({ a: Type.String() }), { uniqueItems: true }), 'spec.source', /uniqueItems is forbidden/],
    ['a key pattern', Type.Record(Type.String({ pattern: '^a' }), Type.String()), 'spec.source', /map keys restricted by pattern/],
    ['a lookahead pattern', Type.String({ pattern: '^(?!x)' }), 'spec.source', /lookaround/],
    ['ISO durations', Type.String({ format: 'duration' }), 'spec.source', /Duration\(\)/],
    ['a JavaScript-only type', Type.Undefined(), 'spec.source', /no JSON representation/],
    ['an unsupported keyword', Type.Object({ a: Type.String() }, { propertyNames: { pattern: '^a' } }), 'spec.source', /keyword "propertyNames" is not supported/],
    ['a list map key that may be missing', Type.Array(Type.Object({ id: Type.Optional(Type.String()) }), { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'] }), 'spec.source[].id', /must be required or have a default/],
    ['a CEL rule without rule', Type.Object({}, { 'x-kubernetes-validations': [{ message: 'x' }] }), 'spec.source', /rule must be a non-empty CEL expression/],
    ['a default the schema rejects', Type.Integer({ minimum: 1, default: 0 }), 'spec.source', /default 0 does not satisfy/],
    ['a default with unknown fields', Type.Object({ a: Type.Optional(Type.String()) }, { default: { b: 'x' } }), 'spec.source', /default sets spec\.source\.b/],
  ])('rejects %s, naming the field', (_case, schema, path, message) => {
    const error = errorOf(() => toStructuralSchema(Type.Object({ source: schema }), 'spec'));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it('names the CRD, version and nested field path when toCrd fails', () => {
    const spec = Type.Object({ backends: Type.Array(Type.Object({ target: Type.Union([Type.Object({ host: Type.String() }), Type.Object({ ip: Type.String() })]) })) });
    expect(errorOf(() => toCrd({ group: 'example.com', names: { kind: 'Route', plural: 'routes' }, scope: 'Namespaced', versions: [{ name: 'v1', spec }] })).message).toMatch(
      /^routes\.example\.com v1: spec\.backends\[\]\.target: a union of different object types/,
    );
  });

  it('drops formats kube-apiserver ignores and keeps the ones it checks', () => {
    const schema = Type.Object({
      when: Type.String({ format: 'date-time' }),
      home: Type.String({ format: 'uri-reference' }),
      ratio: Type.Number({ format: 'double' }),
      count: Type.Integer({ format: 'uint8' }),
    });
    const { properties } = toStructuralSchema(schema);
    expect(properties?.when).toEqual({ type: 'string', format: 'date-time' });
    expect(properties?.home).toEqual({ type: 'string' });
    expect(properties?.ratio).toEqual({ type: 'number', format: 'double' });
    expect(properties?.count).toEqual({ type: 'integer' });
  });
});
