// The kit's CEL rule with its TypeScript twin, under the name the schema files use. The twins are
// run by validation.ts at the node each family sits on (its ruleSite table), which also covers rules
// on list items and the root; withCelRules/celRuleIssues would find them by walking the schema.
import { celValidations, type CelRule } from '@operators/k8s-common';

export type CrossFieldRule<Self> = CelRule<Self> & { message: string; holds: (self: Self) => boolean };

/** The rules as the CRD schema carries them. */
export const celRules = celValidations;
