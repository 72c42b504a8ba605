// Whether any node can take the app's pods, as a pure function of the spec and the nodes the
// reconciler observed. A flag that needs hardware becomes a required node affinity on the capability
// label (resources/scheduling.ts); when no node carries it, the pods would sit Pending with only the
// scheduler's generic "didn't match Pod's node affinity" to say why. This names the flag and the label.
import { parseQuantity } from '@operators/k8s-common';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { desiredAffinity, hugepagesRequests, requiredCapabilities, type CapabilityRequirement } from '../resources/scheduling.ts';
import { matchesNodeSelectorTerms } from '../support/node-selector.ts';

/** The part of a Node the decision reads. */
export interface ObservedNode {
  name: string;
  labels: Record<string, string>;
  /** status.allocatable, e.g. {'hugepages-2Mi': '4Gi'}. */
  allocatable?: Record<string, string>;
  /** spec.unschedulable: cordoned. */
  unschedulable?: boolean;
}

export type NodeCapabilityReason = 'CapableNodesFound' | 'NoCapableNode' | 'NoNodeWithAllCapabilities' | 'NoNodeMatchesAffinity' | 'NoNodeWithHugepages';

export type NodeCapabilityVerdict =
  | { required: false }
  | { required: true; satisfiable: true; reason: 'CapableNodesFound'; message: string }
  | {
      required: true;
      satisfiable: false;
      reason: Exclude<NodeCapabilityReason, 'CapableNodesFound'>;
      message: string;
      /** The capabilities no node has at all. */
      missing: CapabilityRequirement[];
    };

export function assessNodeCapabilities(app: StoredCycloneApp, nodes: readonly ObservedNode[]): NodeCapabilityVerdict {
  const capabilities = requiredCapabilities(app);
  const hugepages = Object.entries(hugepagesRequests(app));
  if (capabilities.length === 0 && hugepages.length === 0) return { required: false };
  const schedulable = nodes.filter((node) => !node.unschedulable);
  const unsatisfiable = (reason: Exclude<NodeCapabilityReason, 'CapableNodesFound'>, message: string, missing: CapabilityRequirement[] = []) =>
    ({ required: true, satisfiable: false, reason, message, missing }) as const;

  const hasLabel = (node: ObservedNode, { label }: CapabilityRequirement) => node.labels[label] === 'true';
  const missing = capabilities.filter((capability) => !schedulable.some((node) => hasLabel(node, capability)));
  if (missing.length > 0) {
    const labels = missing.map(({ label, field }) => `${label}=true (${field})`).join(', ');
    const [first] = missing;
    return unsatisfiable(
      'NoCapableNode',
      `no schedulable node carries ${labels}, so no pod can be scheduled: label the nodes that have the hardware (kubectl label node <node> ${first!.label}=true) or turn the flag off`,
      missing,
    );
  }

  const capable = schedulable.filter((node) => capabilities.every((capability) => hasLabel(node, capability)));
  if (capable.length === 0) {
    return unsatisfiable(
      'NoNodeWithAllCapabilities',
      `every capability label is on some node, but no single schedulable node carries all of ${capabilities.map(({ label }) => `${label}=true`).join(', ')}; a pod needs them together`,
    );
  }

  // The affinity the pods get: the user's required terms with the capability labels in each.
  const terms = desiredAffinity(app).nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const placeable = capable.filter((node) => matchesNodeSelectorTerms(node, terms));
  if (placeable.length === 0) {
    return unsatisfiable('NoNodeMatchesAffinity', 'nodes carry the capability labels, but none of them also matches the required node terms of spec.affinity');
  }

  const withHugepages = placeable.filter((node) => hugepages.every(([resource, amount]) => fits(node.allocatable?.[resource], amount)));
  if (withHugepages.length === 0) {
    const asked = hugepages.map(([resource, amount]) => `${amount} of ${resource}`).join(' and ');
    return unsatisfiable(
      'NoNodeWithHugepages',
      `no ${capabilities.length > 0 ? 'capable ' : ''}node has ${asked} allocatable (spec.resources); pre-allocate hugepages on the nodes (kernel hugepages= or vm.nr_hugepages) and restart their kubelet`,
    );
  }

  const what = [...capabilities.map(({ label }) => label), ...hugepages.map(([resource]) => resource)].join(', ');
  // The count, not the names: a message that changes with every node event would rewrite status.
  return { required: true, satisfiable: true, reason: 'CapableNodesFound', message: `${withHugepages.length === 1 ? '1 node offers' : `${withHugepages.length} nodes offer`} ${what}` };
}

function fits(allocatable: string | undefined, amount: string): boolean {
  const available = parseQuantity(allocatable);
  const needed = parseQuantity(amount);
  return available !== undefined && needed !== undefined && available >= needed;
}
