// A field written either as a bare boolean (`ebpf: false`) or as an object (`ebpf: {enabled: true}`),
// as the Tapio README's examples write them.
//
// A structural CRD schema cannot say "boolean or object": anyOf/oneOf may not declare types, and
// x-kubernetes-int-or-string only covers integer | string. Measured against kube-apiserver 1.36:
// - an untyped node (x-kubernetes-preserve-unknown-fields) is accepted, but CEL cannot see it: a rule
//   on the node fails to compile ("unable to convert structural schema to CEL declarations"), and so
//   does a rule on its parent that names it ("undefined field");
// - an untyped node with an `enum` of every accepted value is accepted and enforced, with a message
//   naming the field: `spec.collectors.ebpf: Unsupported value: "yes": supported values: "true",
//   "false", "{}", "{\"enabled\":true}", "{\"enabled\":false}"`; `kubectl explain` lists those values
//   under ENUM, and server-side apply treats the field as atomic.
// So the CRD carries the enum; TypeBox keeps the precise union for validateResource and the types.
// Rules that combine such a field with others cannot be CEL; the validating webhook checks them.
import Type, { type Static, type TSchemaOptions } from 'typebox';
import { withCrdForm } from './crd-form.ts';

const SWITCH_VALUES = [true, false, {}, { enabled: true }, { enabled: false }];

/** `true`, `false`, `{}` or `{enabled: true|false}`; unset means the default of whoever reads it. */
export function Switch(options: TSchemaOptions & { description: string }) {
  const union = Type.Union(
    [
      Type.Boolean(),
      Type.Object({ enabled: Type.Optional(Type.Boolean({ description: 'Whether it is on.' })) }, { additionalProperties: false }),
    ],
    { ...options, description: `${options.description} Written as true, false or {enabled: true|false}.` },
  );
  return withCrdForm(union, { 'x-kubernetes-preserve-unknown-fields': true, enum: SWITCH_VALUES });
}
export type Switch = Static<ReturnType<typeof Switch>>;

/** Whether a switch is on: `true` and `{enabled: true}` are; unset and `{}` fall back to `otherwise`. */
export function switchedOn(value: Switch | undefined, otherwise: boolean): boolean {
  if (typeof value === 'boolean') return value;
  return value?.enabled ?? otherwise;
}

/** Whether the user wrote a value that decides the switch (`{}` decides nothing). */
export function switchIsSet(value: Switch | undefined): boolean {
  return typeof value === 'boolean' || value?.enabled !== undefined;
}
