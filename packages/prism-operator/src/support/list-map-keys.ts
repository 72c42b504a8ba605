// Generic, meant for libs/k8s-common beside celRuleIssues: the API server's check of
// `x-kubernetes-list-map-keys`, which no CEL rule expresses, for the operator's own validation.
import type { ValidationIssue } from '@operators/k8s-common';

/** The API server's check of `x-kubernetes-list-map-keys: [key]`, in its words. */
export function duplicateKeyIssues<T>(at: string, items: readonly T[] | undefined, key: keyof T & string): ValidationIssue[] {
  const seen = new Set<unknown>();
  const issues: ValidationIssue[] = [];
  (items ?? []).forEach((item, index) => {
    const value = item[key];
    if (seen.has(value)) issues.push({ path: `${at}[${index}]`, message: `Duplicate value: ${JSON.stringify({ [key]: value })}` });
    seen.add(value);
  });
  return issues;
}
