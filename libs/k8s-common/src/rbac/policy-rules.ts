// An operator's permissions, declared next to the code that needs them (as kubebuilder's RBAC
// markers are), and rendered into the file its chart's Roles include. The chart then grants exactly
// what the code declares, the e2e suite runs the operator with exactly those rules, so a missing
// rule fails a test and an unused one is a review finding. Wildcards are refused: least privilege
// means naming each verb and resource.
import { dump } from 'js-yaml';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** The rules as YAML, one flow-style rule per entry, headed by where they come from. */
export function renderPolicyRulesYaml(rules: readonly PolicyRule[], options: { source: string }): string {
  for (const rule of rules) {
    const wildcard = [...rule.apiGroups, ...rule.resources, ...rule.verbs].includes('*');
    if (wildcard) throw new Error(`renderPolicyRulesYaml: a wildcard in ${JSON.stringify(rule)}; name each group, resource and verb`);
    if (!rule.resources.length || !rule.verbs.length) throw new Error(`renderPolicyRulesYaml: a rule without resources or verbs: ${JSON.stringify(rule)}`);
  }
  return `# Generated from ${options.source}; do not edit.\n${dump(rules, { flowLevel: 2, lineWidth: 200 })}`;
}
