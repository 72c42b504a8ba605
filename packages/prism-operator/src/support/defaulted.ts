// Generic, meant for libs/k8s-common (the kit's "defaulted" type will replace it): a resource as
// the API server stores it, with the schema's defaults filled in.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

type Present<T> = NonNullable<T>;
/** `T` with the keys `K` made required: the fields the schema gives a default. */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Present<T[P]> };

/**
 * `value` with `schema`'s defaults filled in, as the API server would store it; the input is not
 * changed. The caller's type says which fields that makes present; its defaults test pins them.
 */
export function fillDefaults<Defaulted>(schema: TSchema, value: unknown): Defaulted {
  return Value.Default(schema, structuredClone(value)) as Defaulted;
}
