// Lets one field of a TypeBox schema carry a different, hand-written schema for its CRD. TypeBox (and
// so validateResource and the TypeScript types) keep the precise form; the CRD gets a structural form
// the API server accepts. Candidate for the kit: toCrd could honour the marker itself.
import type { TSchema } from 'typebox';
import type { JsonSchemaProps } from '@operators/k8s-common';

const CRD_FORM = Symbol.for('tapio-operator.crd-form');

type WithCrdForm = { [CRD_FORM]?: JsonSchemaProps };

/**
 * Marks `schema` so that {@link resolveCrdForms} replaces it by `crdForm`. The form must itself be a
 * schema toCrd accepts (toCrd still checks it), e.g. an untyped node with
 * `x-kubernetes-preserve-unknown-fields` and an `enum`.
 */
export function withCrdForm<S extends TSchema>(schema: S, crdForm: JsonSchemaProps): S {
  (schema as S & WithCrdForm)[CRD_FORM] = crdForm;
  return schema;
}

/**
 * A copy of `schema` in which every marked node is replaced by its CRD form (keeping the node's
 * description). Pass the result to toCrd; keep using `schema` itself for validation and types.
 */
export function resolveCrdForms<S extends TSchema>(schema: S): S {
  return replace(schema) as S;
}

function replace(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(replace);
  if (node === null || typeof node !== 'object') return node;
  const form = (node as WithCrdForm)[CRD_FORM];
  if (form) {
    const description = (node as { description?: unknown }).description;
    return { ...(typeof description === 'string' ? { description } : {}), ...structuredClone(form) };
  }
  // Own enumerable string keys only: TypeBox's own markers (symbols) mean nothing to toCrd.
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replace(value)]));
}
