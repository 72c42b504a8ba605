// The scheduler's node-affinity matching, as a pure function of a node's labels and name: what
// kube-scheduler's NodeAffinity filter does with requiredDuringSchedulingIgnoredDuringExecution.
// Generic (a candidate for libs/k8s-common); the operator uses it to tell, before pods sit Pending,
// whether any node could take them.
import type { V1NodeSelectorRequirement, V1NodeSelectorTerm } from '@kubernetes/client-node';

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
}

/** Terms are ORed; an empty list of terms matches nothing, as in Kubernetes, so callers pass undefined for "no constraint". */
export function matchesNodeSelectorTerms(node: NodeFacts, terms: readonly V1NodeSelectorTerm[] | undefined): boolean {
  if (terms === undefined) return true;
  return terms.some((term) => matchesTerm(node, term));
}

/** Requirements of one term are ANDed; a term with no requirements matches nothing. */
function matchesTerm(node: NodeFacts, term: V1NodeSelectorTerm): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((requirement) => matchesRequirement(node.labels[requirement.key], requirement)) &&
    // metadata.name is the only field selector Kubernetes supports here.
    fields.every((requirement) => requirement.key === 'metadata.name' && matchesRequirement(node.name, requirement))
  );
}

function matchesRequirement(value: string | undefined, requirement: V1NodeSelectorRequirement): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const [bound] = values;
      if (value === undefined || bound === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(bound)) return false;
      return requirement.operator === 'Gt' ? Number(value) > Number(bound) : Number(value) < Number(bound);
    }
    default:
      return false;
  }
}
