// The kit's CEL rule, with its TypeScript twin and message required: every cross-field rule of the
// TickStorm schema is checked by validateTickStorm (through the kit's celRuleIssues) and its message
// is what the tests compare with the API server's.
import type { CelRule } from '@operators/k8s-common';

export type CrossFieldRule<Self> = CelRule<Self> & { message: string; holds: (self: Self) => boolean };
