import Type from 'typebox';
import { Settings } from 'typebox/system';
import { Conditions, CustomResource } from './schemas.ts';
import { formatValidationErrors, parseResource, ResourceValidationError, validateResource } from './validate.ts';

const Spec = Type.Object(
  {
    replicas: Type.Integer({ minimum: 0, default: 1 }),
    mode: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('incremental')], { default: 'full' })),
    schedule: Type.Object({ cron: Type.String({ minLength: 1 }), suspend: Type.Boolean({ default: false }) }),
    target: Type.Optional(Type.Union([Type.Object({ bucket: Type.String() }), Type.Null()])),
    ports: Type.Optional(Type.Array(Type.Object({ name: Type.String(), port: Type.Integer({ maximum: 65535 }) }))),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false, 'x-kubernetes-validations': [{ rule: 'self.replicas <= 3' }] },
);
const Backup = CustomResource(Spec, Type.Object({ conditions: Type.Optional(Conditions()) }));

const envelope = { apiVersion: 'backup.example.com/v1', kind: 'Backup', metadata: { name: 'nightly' } };

function issuesOf(value: unknown) {
  const result = validateResource(Backup, value);
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

describe('validateResource', () => {
  it('applies defaults to a copy and returns the typed value', () => {
    const input = { ...envelope, spec: { schedule: { cron: '0 3 * * *' } } };
    const result = validateResource(Backup, input);
    expect(result).toEqual({ ok: true, value: { ...envelope, spec: { replicas: 1, mode: 'full', schedule: { cron: '0 3 * * *', suspend: false } } } });
    expect(input.spec).toEqual({ schedule: { cron: '0 3 * * *' } });
    if (result.ok) expect(result.value.spec.replicas + 1).toBe(2);
  });

  it('names the field path of each problem', () => {
    const issues = issuesOf({
      ...envelope,
      spec: { replicas: -1, mode: 'sometimes', schedule: {}, extra: true, ports: [{ name: 'http', port: 70000 }], labels: { 'app.kubernetes.io/name': 7 } },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'spec.replicas', message: 'must be >= 0' },
        { path: 'spec.mode', message: 'must be one of "full", "incremental"' },
        { path: 'spec.schedule.cron', message: 'is required' },
        { path: 'spec.extra', message: 'is not a known field' },
        { path: 'spec.ports[0].port', message: 'must be <= 65535' },
        { path: 'spec.labels["app.kubernetes.io/name"]', message: 'must be string' },
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  it('reports the problems inside the matching alternative of a nullable object', () => {
    expect(issuesOf({ ...envelope, spec: { schedule: { cron: 'x' }, target: {} } })).toEqual([{ path: 'spec.target.bucket', message: 'is required' }]);
    expect(issuesOf({ ...envelope, spec: { schedule: { cron: 'x' }, target: 'bucket' } })).toEqual([{ path: 'spec.target', message: 'must be object or null' }]);
    expect(validateResource(Backup, { ...envelope, spec: { schedule: { cron: 'x' }, target: null } }).ok).toBe(true);
  });

  it('reports every problem, beyond TypeBox’s default budget of 8, and restores that budget', () => {
    const Many = Type.Object(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, Type.Union([Type.Literal('a'), Type.Literal('b')])])));
    const result = validateResource(Many, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, 'c'])));
    expect(result.ok ? [] : result.errors.map((issue) => issue.path)).toEqual(Array.from({ length: 12 }, (_, i) => `field${i}`));
    expect(Settings.Get().maxErrors).toBe(8);
  });

  it('leaves CEL rules to the API server', () => {
    expect(validateResource(Backup, { ...envelope, spec: { replicas: 9, schedule: { cron: 'x' } } }).ok).toBe(true);
  });

  it('formats problems as one line', () => {
    expect(formatValidationErrors(issuesOf({ ...envelope, spec: { replicas: -1, schedule: {} } }))).toBe('spec.replicas: must be >= 0; spec.schedule.cron: is required');
    expect(formatValidationErrors(issuesOf('not an object'))).toBe('must be object');
  });
});

describe('parseResource', () => {
  it('returns the defaulted value or throws with every problem in the message', () => {
    expect(parseResource(Backup, { ...envelope, spec: { schedule: { cron: 'x' } } }).spec.mode).toBe('full');
    const attempt = () => parseResource(Backup, { ...envelope, spec: { replicas: -1, schedule: { cron: 'x' } } });
    expect(attempt).toThrow(ResourceValidationError);
    expect(attempt).toThrow('spec.replicas: must be >= 0');
  });
});
