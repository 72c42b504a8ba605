import Type, { type Static } from 'typebox';
import { Defaulted, withSchemaDefaults, type Stored } from './defaulted.ts';

const Spec = Type.Object({
  replicas: Defaulted(Type.Integer({ default: 3 })),
  image: Type.String(),
  note: Type.Optional(Type.String()),
  storage: Defaulted(Type.Object({ size: Defaulted(Type.String({ default: '1Gi' })), class: Type.Optional(Type.String()) }, { default: {} })),
  extra: Type.Optional(Type.Object({ level: Defaulted(Type.String({ default: 'info' })) })),
  ports: Type.Optional(Type.Array(Type.Object({ name: Type.String(), port: Defaulted(Type.Integer({ default: 80 })) }))),
});

// What users write may leave defaulted fields out; what is stored has them. The typecheck is the test.
const written: Static<typeof Spec> = { image: 'app' };
const stored: Stored<typeof Spec> = withSchemaDefaults(Spec, written);
export const typeChecks = (s: Stored<typeof Spec>): unknown[] => {
  const replicas: number = s.replicas;
  const size: string = s.storage.size;
  const port: number | undefined = s.ports?.[0]?.port;
  // @ts-expect-error a field without a default stays optional when stored
  const note: string = s.note;
  // @ts-expect-error an optional object without a default may be absent
  const level: string = s.extra.level;
  return [replicas, size, port, note, level];
};

describe('Defaulted and Stored', () => {
  it('fills in every default the stored type promises, at any depth, without changing the input', () => {
    expect(stored).toEqual({ replicas: 3, image: 'app', storage: { size: '1Gi' } });
    expect(written).toEqual({ image: 'app' });
    expect(withSchemaDefaults(Spec, { image: 'app', extra: {}, ports: [{ name: 'http' }] })).toMatchObject({ extra: { level: 'info' }, ports: [{ name: 'http', port: 80 }] });
  });

  it('keeps what is set, zero included', () => {
    expect(withSchemaDefaults(Spec, { image: 'app', replicas: 0 }).replicas).toBe(0);
  });

  it('refuses a property marked Defaulted whose schema has no default', () => {
    expect(() => Defaulted(Type.Integer())).toThrow(/has no default/);
  });
});
