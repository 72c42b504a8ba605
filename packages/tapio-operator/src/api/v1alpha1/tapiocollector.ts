import { ConditionsSchema, type CustomResourceDefinitionInput, NodeSelector, Tolerations } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { celRules, type CrossFieldRule } from '../../support/cross-field-rule.ts';
import { nameRule } from '../../support/name-rule.ts';
import { celHas } from './cel.ts';
import { CATEGORIES, COLLECTOR_TYPES, GROUP, VERSION } from './group.ts';
import { EtcdAccess, ImageRegistry, Monitoring, Resources, strict, TapioResourceSchema, Version, VerticalAutoscaling } from './shared.ts';

export const KIND = 'TapioCollector';
export const PLURAL = 'tapiocollectors';
export const SINGULAR = 'tapiocollector';
export const SHORT_NAMES = ['tcol'];

/** The longest TapioCollector name: its metrics Service `<name>-metrics` is a DNS-1035 label (at most 63). */
export const MAX_COLLECTOR_NAME_LENGTH = 55;

export const collectorNameRules = [nameRule(MAX_COLLECTOR_NAME_LENGTH, "the collector's Service name derives from it")] as const;

type CollectorShape = { type?: string; etcd?: { secretName?: string } };
export const collectorRules: readonly CrossFieldRule<CollectorShape>[] = [
  {
    rule: `self.type != 'etcd' || ${celHas('self.etcd.secretName')}`,
    message: 'etcd.secretName is required for the etcd collector: it reads etcd with a client certificate',
    fieldPath: '.etcd',
    holds: (self) => self.type !== 'etcd' || self.etcd?.secretName !== undefined,
  },
];

export const TapioCollectorSpec = Type.Object(
  {
    type: Type.Enum([...COLLECTOR_TYPES], {
      description:
        'What the collector observes. kubernetes and etcd run as a Deployment (one pod); ebpf, systemd and cni as a DaemonSet on every node. Cannot change after creation.',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'type is immutable: create another TapioCollector instead' }],
    }),
    version: Version('Tapio version: the image tag of the collector.'),
    imageRegistry: ImageRegistry(),
    natsUrl: Type.String({
      pattern: '^nats://[^\\s]+$',
      description: 'Where the collector publishes its events, e.g. nats://<cluster>-nats.<namespace>.svc:4222.',
    }),
    natsCredentialsSecretName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: 'Secret with the NATS user (keys username and password); unset: NATS without authentication.' }),
    ),
    lightweight: Type.Optional(Type.Boolean({ default: false, description: 'Small resource requests, for constrained nodes.' })),
    resources: Resources('CPU and memory of the collector container; unset: a size that suits the collector.'),
    nodeSelector: Type.Optional(NodeSelector({ description: 'Node labels a node must have to run this collector (DaemonSets, and the Deployment of a cluster collector).' })),
    tolerations: Type.Optional(Tolerations({ description: 'Taints the collector tolerates; unset: a node collector tolerates every taint, so every node is observed.' })),
    etcd: EtcdAccess(),
    verticalAutoscaling: VerticalAutoscaling(),
    networkPolicies: Type.Optional(Type.Boolean({ default: true, description: "A NetworkPolicy that admits only metrics scrapes to the collector's pods." })),
    monitoring: Monitoring(),
  },
  { ...strict, description: 'Desired state of one Tapio collector.', 'x-kubernetes-validations': celRules(collectorRules) },
);

export const COLLECTOR_WORKLOAD_KINDS = ['DaemonSet', 'Deployment'] as const;

export const TapioCollectorStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; Paused and VerticalPodAutoscaler when relevant.' })),
    workload: Type.Optional(
      Type.Object(
        {
          kind: Type.Enum([...COLLECTOR_WORKLOAD_KINDS], { description: 'DaemonSet or Deployment.' }),
          name: Type.String({ description: 'Its name, in the collector\'s namespace.' }),
        },
        { ...strict, description: 'The workload that runs the collector.' },
      ),
    ),
    desiredPods: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods the workload should run (one per eligible node for a DaemonSet).' })),
    readyPods: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods that are ready.' })),
  },
  { ...strict, description: 'Observed state of the collector, written by the operator.' },
);

export const TapioCollectorSchema = TapioResourceSchema(KIND, TapioCollectorSpec, TapioCollectorStatus, 'A Tapio collector.');

export type TapioCollectorSpec = Static<typeof TapioCollectorSpec>;
export type TapioCollectorStatus = Static<typeof TapioCollectorStatus>;
export type TapioCollector = Static<typeof TapioCollectorSchema>;

export const tapioCollectorCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description: 'A Tapio collector: a DaemonSet (ebpf, systemd, cni) or a Deployment (kubernetes, etcd) that publishes events to NATS. A TapioCluster creates one per enabled collector; one can also be created on its own.',
  versions: [
    {
      name: VERSION,
      spec: TapioCollectorSpec,
      status: TapioCollectorStatus,
      validations: celRules(collectorNameRules),
      subresources: { status: true },
      printerColumns: [
        { name: 'Type', type: 'string', jsonPath: '.spec.type' },
        { name: 'Desired', type: 'integer', jsonPath: '.status.desiredPods' },
        { name: 'Ready', type: 'integer', jsonPath: '.status.readyPods' },
        { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};
