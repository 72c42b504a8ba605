// What every Prism kind's schema is made of besides its spec and status: the object around them,
// and the admission rule on metadata.name.
import { celValidations, withCelRules, type CelRule, type CustomResourceDefinitionInput, type PrinterColumn, type ScaleSubresource } from '@operators/k8s-common';
import Type, { type TSchema } from 'typebox';
import { API_VERSION, CATEGORIES, GROUP, VERSION } from './group.ts';
import { ObjectMeta, strict } from './workload.ts';

/**
 * The whole custom resource: apiVersion, kind, metadata, spec and the optional status, with the
 * rules on metadata.name (which the CRD carries at its root, see prismCrd) for celRuleIssues.
 */
export function resourceSchema<Kind extends string, Spec extends TSchema, Status extends TSchema>(
  kind: Kind,
  spec: Spec,
  status: Status,
  description: string,
  nameRules: readonly CelRule<never>[],
) {
  const schema = Type.Object(
    {
      apiVersion: Type.Literal(API_VERSION),
      kind: Type.Literal(kind),
      metadata: ObjectMeta,
      spec,
      status: Type.Optional(status),
    },
    { ...strict, description },
  );
  return withCelRules(schema, nameRules);
}

const LABEL_SYNTAX = {
  'DNS-1035': { pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', words: 'a DNS-1035 label (lowercase letters, digits and dashes, starting with a letter)' },
  'DNS-1123': { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', words: 'a DNS label (lowercase letters, digits and dashes)' },
} as const;

export type NamedResource = { metadata?: { name?: string } };

/**
 * The rule that rejects, at admission, a name the operator could not derive its children's names
 * from. Without a fieldPath: metadata is opaque to a CRD schema, and a fieldPath must name a
 * declared field.
 */
export function metadataNameRule(syntax: keyof typeof LABEL_SYNTAX, maxLength: number, because: string): CelRule<NamedResource> {
  const { pattern, words } = LABEL_SYNTAX[syntax];
  const regex = new RegExp(pattern);
  return {
    rule: `self.metadata.name.size() <= ${maxLength} && self.metadata.name.matches('${pattern}')`,
    message: `metadata.name must be ${words} of at most ${maxLength} characters: ${because}`,
    holds: (self) => {
      const name = self.metadata?.name ?? '';
      return name.length <= maxLength && regex.test(name);
    },
  };
}

export const observedGenerationSchema = () => Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' }));

export interface PrismCrdInput {
  kind: string;
  plural: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
  description: string;
  spec: TSchema;
  status: TSchema;
  nameRules: readonly CelRule<never>[];
  /** Columns before the Reason (wide) and Age columns every Prism kind shows. */
  printerColumns: PrinterColumn[];
  scale?: ScaleSubresource;
}

/** The CustomResourceDefinition of a Prism kind, for toCrd: group, version, category, status subresource, name rules. */
export function prismCrd(input: PrismCrdInput): CustomResourceDefinitionInput {
  return {
    group: GROUP,
    names: { kind: input.kind, plural: input.plural, singular: input.kind.toLowerCase(), shortNames: input.shortNames, categories: CATEGORIES },
    scope: input.scope,
    description: input.description,
    versions: [
      {
        name: VERSION,
        spec: input.spec,
        status: input.status,
        validations: celValidations(input.nameRules),
        subresources: { status: true, ...(input.scale ? { scale: input.scale } : {}) },
        printerColumns: [
          ...input.printerColumns,
          { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  };
}
