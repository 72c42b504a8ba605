// The type of an object as the API server stores it: every field with a schema default present.
// A field written with `Defaulted(schema)` instead of `Type.Optional(schema)` is optional in
// `Static<>` (what users write) and present in `Stored<>` (what the operator reads back), so builders
// take the stored type and never restate a default, and no hand-written "defaulted spec" type can
// drift from the schema. TypeBox keeps options out of its types, hence the marker.
import Type, { type Static, type TArray, type TObject, type TProperties, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** An optional property whose schema has a default: always present once stored. */
export type TDefaulted<T extends TSchema = TSchema> = ReturnType<typeof Type.Optional<T>> & { readonly '~defaulted': true };

/**
 * `Type.Optional(schema)` for a schema that has a `default`; throws when it has none, so the
 * type never promises a field the API server would not fill in.
 */
export function Defaulted<T extends TSchema>(schema: T): TDefaulted<T> {
  if ((schema as { default?: unknown }).default === undefined) {
    throw new Error(`Defaulted: the schema has no default (${JSON.stringify(schema).slice(0, 120)})`);
  }
  return Type.Optional(schema) as TDefaulted<T>;
}

type IsOptional<S> = S extends { '~optional': true } ? true : false;
type IsDefaulted<S> = S extends { '~defaulted': true } ? true : false;
type Flatten<T> = { [K in keyof T]: T[K] };

type StoredProperties<P extends TProperties> = Flatten<
  { -readonly [K in keyof P as IsOptional<P[K]> extends true ? (IsDefaulted<P[K]> extends true ? K : never) : K]-?: Stored<P[K]> } & {
    -readonly [K in keyof P as IsOptional<P[K]> extends true ? (IsDefaulted<P[K]> extends true ? never : K) : never]?: Stored<P[K]>;
  }
>;

/** `Static<S>`, with every `Defaulted` property present, at any depth (array items included). */
export type Stored<S> = S extends TObject<infer P> ? StoredProperties<P> : S extends TArray<infer I> ? Stored<I>[] : S extends TSchema ? Static<S> : never;

/**
 * The value with the schema's defaults filled in, as the API server would store it. Objects read
 * from the API server already have them; this makes the type say so and covers objects built in
 * tests or read from files. The input is not changed.
 */
export function withSchemaDefaults<S extends TSchema>(schema: S, value: Static<S>): Stored<S> {
  return Value.Default(schema, structuredClone(value)) as Stored<S>;
}
