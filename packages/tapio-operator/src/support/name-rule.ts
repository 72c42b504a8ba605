// The CEL rule (with its TypeScript twin) that rejects, at admission, a resource name its children's
// names cannot be derived from. Candidate for the kit: StreamBus writes the same rule by hand.
import type { CrossFieldRule } from './cross-field-rule.ts';

const DNS_1035_LABEL = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/** metadata.name must be a DNS-1035 label of at most `maxLength` characters, `because` children derive from it. */
export function nameRule(maxLength: number, because: string): CrossFieldRule<{ metadata?: { name?: string } }> {
  return {
    rule: `self.metadata.name.size() <= ${maxLength} && self.metadata.name.matches('${DNS_1035_LABEL}')`,
    // No fieldPath: metadata is opaque to the CRD schema, and a fieldPath must name a declared field.
    message: `metadata.name must be a DNS-1035 label (lowercase letters, digits and dashes, starting with a letter) of at most ${maxLength} characters, because ${because}`,
    holds: (self) => {
      const name = self.metadata?.name ?? '';
      return name.length <= maxLength && new RegExp(DNS_1035_LABEL).test(name);
    },
  };
}
