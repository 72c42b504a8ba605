import { ConditionsSchema, Defaulted, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { ResourceList } from '../../support/schemas.ts';
import { MAX_LABEL_LENGTH } from './group.ts';
import { metadataNameRule, observedGenerationSchema, prismCrd, resourceSchema, type NamedResource } from './resource.ts';
import { strict, StringMap, Switch } from './workload.ts';

export const NAMESPACE_KIND = 'PrismNamespace';
export const NAMESPACE_PLURAL = 'prismnamespaces';

export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export const DELETION_POLICIES = ['DeleteIfEmpty', 'Delete', 'Retain'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

const NamespaceName = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'A namespace name.' });
const NamespaceNames = (description: string) =>
  Type.Array(NamespaceName, { maxItems: 64, 'x-kubernetes-list-type': 'set', description });

export const resourceQuotaSchema = Type.Object(
  {
    hard: ResourceList({
      minProperties: 1,
      description: 'Hard limits of the namespace (core/v1 ResourceQuota hard), e.g. requests.cpu: "10", limits.memory: 64Gi, pods: "100", count/deployments.apps: "20".',
    }),
  },
  { ...strict, description: 'The ResourceQuota prism-quota of the namespace.' },
);

export const limitRangeSchema = Type.Object(
  {
    default: Type.Optional(ResourceList({ description: 'Limits of a container that sets none, e.g. cpu: "1", memory: 1Gi.' })),
    defaultRequest: Type.Optional(ResourceList({ description: 'Requests of a container that sets none, e.g. cpu: 100m, memory: 128Mi.' })),
    max: Type.Optional(ResourceList({ description: 'Most a container may ask for.' })),
    min: Type.Optional(ResourceList({ description: 'Least a container may ask for.' })),
    maxLimitRequestRatio: Type.Optional(ResourceList({ description: 'Largest allowed ratio of a container\'s limit to its request.' })),
  },
  { ...strict, minProperties: 1, description: 'The LimitRange prism-limits of the namespace: defaults and bounds of each container\'s resources.' },
);

type NetworkPolicyShape = { defaultDeny?: boolean; denyEgress?: boolean; allowEgressToNamespaces?: string[]; allowEgressToCIDRs?: string[] };
export const networkPolicyRules: readonly CelRule<NetworkPolicyShape>[] = [
  {
    rule: '(has(self.denyEgress) && self.denyEgress) || !(has(self.allowEgressToNamespaces) || has(self.allowEgressToCIDRs))',
    message: 'allowEgressToNamespaces and allowEgressToCIDRs need denyEgress: true; egress is open otherwise',
    fieldPath: '.denyEgress',
    holds: (self) => self.denyEgress === true || !(self.allowEgressToNamespaces !== undefined || self.allowEgressToCIDRs !== undefined),
  },
  {
    rule: '(has(self.defaultDeny) && self.defaultDeny) || !(has(self.denyEgress) && self.denyEgress)',
    message: 'denyEgress needs defaultDeny: true',
    fieldPath: '.denyEgress',
    holds: (self) => self.defaultDeny === true || self.denyEgress !== true,
  },
];

export const networkPolicySchema = withCelRules(Type.Object(
  {
    defaultDeny: Switch('Deny all ingress to the namespace\'s pods except what the allowances below admit (NetworkPolicy prism-default-deny).', true),
    denyEgress: Switch('Deny egress as well, except DNS (allowDNS) and the egress allowances.'),
    allowSameNamespace: Switch('Admit traffic between pods of the namespace.', true),
    allowFromNamespaces: Type.Optional(NamespaceNames('Namespaces whose pods may connect to this namespace\'s pods, e.g. the one running the Prism proxy.')),
    allowDNS: Switch('With denyEgress: still allow DNS (port 53) to kube-system\'s kube-dns.', true),
    allowEgressToNamespaces: Type.Optional(NamespaceNames('With denyEgress: namespaces the pods may connect to.')),
    allowEgressToCIDRs: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 43, pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$' }), {
        maxItems: 64,
        'x-kubernetes-list-type': 'set',
        description: 'With denyEgress: IP ranges the pods may connect to (CIDRs), e.g. a managed database outside the cluster.',
      }),
    ),
  },
  { ...strict, default: {}, description: 'Network isolation of the namespace (enforced by a NetworkPolicy-capable CNI).' },
), networkPolicyRules);

type RoleBindingShape = { groups?: string[]; users?: string[]; serviceAccounts?: unknown[] };
export const roleBindingRules: readonly CelRule<RoleBindingShape>[] = [
  {
    rule: '(has(self.groups) && size(self.groups) > 0) || (has(self.users) && size(self.users) > 0) || (has(self.serviceAccounts) && size(self.serviceAccounts) > 0)',
    message: 'a role binding needs at least one of groups, users and serviceAccounts',
    fieldPath: '.groups',
    holds: (self) => (self.groups?.length ?? 0) + (self.users?.length ?? 0) + (self.serviceAccounts?.length ?? 0) > 0,
  },
];

const Subjects = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 64, 'x-kubernetes-list-type': 'set', description });

export const roleBindingSchema = withCelRules(Type.Object(
  {
    clusterRole: Type.String({
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      description: 'The ClusterRole granted in the namespace: admin, edit, view, or one of your own. The RoleBinding is prism-<clusterRole>.',
    }),
    groups: Type.Optional(Subjects('Groups of the tenant that get the role.')),
    users: Type.Optional(Subjects('Users that get the role.')),
    serviceAccounts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 253, description: 'Name of the ServiceAccount.' }),
            namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'Its namespace; unset: the provisioned namespace.' })),
          },
          strict,
        ),
        { maxItems: 64, 'x-kubernetes-list-type': 'atomic', description: 'ServiceAccounts that get the role.' },
      ),
    ),
  },
  { ...strict, description: 'A role granted in the namespace.' },
), roleBindingRules);

export const PrismNamespaceSpec = Type.Object(
  {
    labels: Type.Optional(StringMap('Extra labels of the Namespace; the operator\'s own (prism.io/*, app.kubernetes.io/*, pod-security.kubernetes.io/*) win.')),
    annotations: Type.Optional(StringMap('Extra annotations of the Namespace.')),
    podSecurity: Defaulted(
      Type.Enum([...POD_SECURITY_LEVELS], {
        default: 'restricted',
        description: 'Pod Security Standard enforced in the namespace (pod-security.kubernetes.io/enforce, warn and audit): privileged, baseline or restricted.',
      }),
    ),
    resourceQuota: Type.Optional(resourceQuotaSchema),
    limitRange: Type.Optional(limitRangeSchema),
    networkPolicy: Defaulted(networkPolicySchema),
    roleBindings: Type.Optional(
      Type.Array(roleBindingSchema, {
        maxItems: 16,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['clusterRole'],
        description: 'Roles for the tenant\'s groups, users and ServiceAccounts, each a RoleBinding prism-<clusterRole> in the namespace.',
      }),
    ),
    deletionPolicy: Defaulted(
      Type.Enum([...DELETION_POLICIES], {
        default: 'DeleteIfEmpty',
        description:
          'What deleting the PrismNamespace does to the Namespace. DeleteIfEmpty: delete it once no workloads (pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, PrismPatterns, PrismStacks) remain; until then the PrismNamespace stays, with the DeletionBlocked condition saying what remains. Delete: delete it with everything in it. Retain: keep it and everything in it. It can be changed while the deletion waits.',
      }),
    ),
  },
  { ...strict, description: 'A tenant namespace: the Namespace, its quota, limits, network isolation and role bindings.' },
);

export const NAMESPACE_PHASES = ['Pending', 'Active', 'Terminating', 'Failed'] as const;

export const PrismNamespaceStatus = Type.Object(
  {
    phase: Type.Optional(
      Type.Enum([...NAMESPACE_PHASES], {
        description: 'Pending: the Namespace is being provisioned. Active: provisioned. Terminating: being deleted (see DeletionBlocked). Failed: cannot be provisioned (the Ready condition says why).',
      }),
    ),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; DeletionBlocked while a deletion waits for workloads; Paused when paused.' })),
    observedGeneration: observedGenerationSchema(),
    namespace: Type.Optional(Type.String({ description: 'The provisioned Namespace.' })),
  },
  { ...strict, description: 'Observed state of the tenant namespace, written by the operator.' },
);

// The Namespace is named after the PrismNamespace, and namespace names are DNS labels, whereas a
// cluster-scoped resource name may be a longer DNS subdomain with dots.
export const namespaceNameRules: readonly CelRule<NamedResource>[] = [metadataNameRule('DNS-1123', MAX_LABEL_LENGTH, 'it is the name of the Namespace')];

const description = 'A multi-tenant namespace: the Namespace with its labels and Pod Security level, a ResourceQuota, a LimitRange, a default-deny NetworkPolicy with allowances, and RoleBindings for the tenant.';

export const PrismNamespaceSchema = resourceSchema(NAMESPACE_KIND, PrismNamespaceSpec, PrismNamespaceStatus, description, namespaceNameRules);

export type PrismNamespaceSpec = Static<typeof PrismNamespaceSpec>;
export type PrismNamespaceStatus = Static<typeof PrismNamespaceStatus>;
export type PrismNamespace = Static<typeof PrismNamespaceSchema>;
export type NamespacePhase = (typeof NAMESPACE_PHASES)[number];

export const prismNamespaceCrd = prismCrd({
  kind: NAMESPACE_KIND,
  plural: NAMESPACE_PLURAL,
  shortNames: ['pns'],
  scope: 'Cluster',
  description,
  spec: PrismNamespaceSpec,
  status: PrismNamespaceStatus,
  nameRules: namespaceNameRules,
  printerColumns: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Pod-Security', type: 'string', jsonPath: '.spec.podSecurity' },
    { name: 'Deletion', type: 'string', jsonPath: '.spec.deletionPolicy', priority: 1 },
  ],
});
