// Validation of the three kinds as admission does it: defaults and the schema (validateResource),
// then the CEL rules through their TypeScript twins, then the rules CEL cannot express. The
// validating webhook calls these; so do the tests and the reconciler, for objects that did not come
// through admission. Transition rules (a volume that shrinks, a changed StorageClass) need the old
// object and are left to the API server.
import { validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import { brokenRules } from '../../support/cross-field-rule.ts';
import { switchedOn } from '../../support/switch.ts';
import { enabledCollectorTypes } from './collectors.ts';
import {
  withClusterDefaults,
  withCollectorDefaults,
  withIntelligenceDefaults,
  type DefaultedTapioCollector,
  type DefaultedTapioIntelligence,
} from './defaults.ts';
import { withProfileDefaults, type ProfiledTapioCluster } from './profile.ts';
import { autoscalingRules, backupRules, canaryRules, embeddedRules, neo4jRules } from './shared.ts';
import {
  clusterNameRules,
  gatewayAuthenticationRules,
  highAvailabilityRules,
  TapioClusterSchema,
} from './tapiocluster.ts';
import { collectorNameRules, collectorRules, TapioCollectorSchema, type TapioCollector } from './tapiocollector.ts';
import { intelligenceNameRules, intelligenceSpecRules, TapioIntelligenceSchema, type TapioIntelligence } from './tapiointelligence.ts';

type Correlation = DefaultedTapioIntelligence['spec']['correlation'];
type Neo4j = DefaultedTapioIntelligence['spec']['neo4j'] | ProfiledTapioCluster['spec']['intelligence']['neo4j'];

/** The rules of the Neo4j and correlation settings, wherever they sit (`at` is their parent's path). */
function intelligenceComponentIssues(at: string, neo4j: Neo4j, correlation: Pick<Correlation, 'autoscaling' | 'canary'>): ValidationIssue[] {
  return [
    ...brokenRules(`${at}.neo4j`, neo4j, neo4jRules),
    ...brokenRules(`${at}.neo4j.backup`, neo4j.backup, backupRules),
    ...brokenRules(`${at}.correlation.autoscaling`, correlation.autoscaling, autoscalingRules),
    ...brokenRules(`${at}.correlation.canary`, correlation.canary, canaryRules),
  ];
}

function result<T>(value: T, issues: ValidationIssue[]): ValidationResult<T> {
  return issues.length > 0 ? { ok: false, errors: issues } : { ok: true, value };
}

/**
 * A TapioCluster as the API server would store it (schema and profile defaults filled in), or every
 * reason it would be rejected, each naming the field.
 */
export function validateTapioCluster(value: unknown): ValidationResult<ProfiledTapioCluster> {
  const checked = validateResource(TapioClusterSchema, value);
  if (!checked.ok) return checked;
  const cluster = withProfileDefaults(withClusterDefaults(checked.value));
  return result(cluster, tapioClusterIssues(cluster));
}

/** Every rule a profiled TapioCluster breaks: the CEL rules' twins, then the webhook's own. */
export function tapioClusterIssues(cluster: ProfiledTapioCluster): ValidationIssue[] {
  const { spec } = cluster;
  return [
    ...brokenRules('', cluster, clusterNameRules),
    ...brokenRules('spec', spec, highAvailabilityRules),
    ...brokenRules('spec.intelligence', spec.intelligence, embeddedRules),
    ...intelligenceComponentIssues('spec.intelligence', spec.intelligence.neo4j, spec.intelligence.correlation),
    ...brokenRules('spec.gateway.autoscaling', spec.gateway.autoscaling, autoscalingRules),
    ...brokenRules('spec.gateway.canary', spec.gateway.canary, canaryRules),
    ...brokenRules('spec.gateway.authentication', spec.gateway.authentication, gatewayAuthenticationRules),
    ...collectorIssues(cluster),
  ];
}

/**
 * The rules about the collectors field. Its switches are untyped in the CRD (see support/switch.ts),
 * where CEL cannot see them, so only the validating webhook (and the reconciler) checks these.
 */
function collectorIssues({ spec }: ProfiledTapioCluster): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (spec.profile === 'edge' && switchedOn(spec.collectors.ebpf, false)) {
    issues.push({
      path: 'spec.collectors.ebpf',
      message: 'the eBPF collector cannot run with profile edge: edge nodes often lack the kernel features it needs (BTF, CAP_BPF); set collectors.ebpf: false, or choose profile production or development',
    });
  }
  if (enabledCollectorTypes(spec.collectors).includes('etcd') && spec.collectorOptions.etcd?.secretName === undefined) {
    issues.push({
      path: 'spec.collectorOptions.etcd.secretName',
      message: 'collectorOptions.etcd.secretName is required when collectors.etcd is on: the etcd collector reads etcd with a client certificate (ca.crt, tls.crt, tls.key)',
    });
  }
  return issues;
}

/** A TapioCollector with its defaults filled in, or every reason it would be rejected. */
export function validateTapioCollector(value: unknown): ValidationResult<DefaultedTapioCollector> {
  const checked = validateResource(TapioCollectorSchema, value);
  if (!checked.ok) return checked;
  const collector = withCollectorDefaults(checked.value as TapioCollector);
  return result(collector, [...brokenRules('', collector, collectorNameRules), ...brokenRules('spec', collector.spec, collectorRules)]);
}

/** A TapioIntelligence with its defaults filled in, or every reason it would be rejected. */
export function validateTapioIntelligence(value: unknown): ValidationResult<DefaultedTapioIntelligence> {
  const checked = validateResource(TapioIntelligenceSchema, value);
  if (!checked.ok) return checked;
  const intelligence = withIntelligenceDefaults(checked.value as TapioIntelligence);
  const { spec } = intelligence;
  return result(intelligence, [
    ...brokenRules('', intelligence, intelligenceNameRules),
    ...brokenRules('spec', spec, intelligenceSpecRules),
    ...intelligenceComponentIssues('spec', spec.neo4j, spec.correlation),
  ]);
}

