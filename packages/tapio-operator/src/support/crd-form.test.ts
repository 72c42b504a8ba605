import Type from 'typebox';
import { resolveCrdForms, withCrdForm } from './crd-form.ts';

describe('resolveCrdForms', () => {
  const marked = withCrdForm(Type.Union([Type.Boolean(), Type.String()], { description: 'Either.' }), { 'x-kubernetes-preserve-unknown-fields': true });
  const schema = Type.Object({ plain: Type.Integer({ minimum: 1 }), nested: Type.Object({ either: Type.Optional(marked) }) });

  it('replaces a marked node by its form, keeping its description, and copies everything else', () => {
    expect(resolveCrdForms(schema)).toEqual({
      type: 'object',
      required: ['plain', 'nested'],
      properties: {
        plain: { type: 'integer', minimum: 1 },
        nested: { type: 'object', properties: { either: { description: 'Either.', 'x-kubernetes-preserve-unknown-fields': true } } },
      },
    });
  });

  it('leaves the schema itself alone, for validation and types', () => {
    resolveCrdForms(schema);
    expect(schema.properties.nested.properties.either.anyOf).toHaveLength(2);
  });
});
