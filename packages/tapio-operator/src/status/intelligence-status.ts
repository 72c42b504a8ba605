import { toLabelSelector, type Condition } from '@operators/k8s-common';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import type { TapioIntelligenceStatus } from '../api/v1alpha1/tapiointelligence.ts';
import { componentSelector } from '../resources/metadata.ts';
import type { CanaryDecision } from '../rollout/canary.ts';
import type { RestoreDecision } from '../rollout/restore.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';
import type { LastBackup } from './backup-status.ts';
import { integrationCondition, standardConditions, type ComponentReadiness, type Reason } from './conditions.ts';

export const BACKUP_FAILED = 'BackupFailed';
export const SERVICE_MONITOR = 'ServiceMonitor';

interface Workload {
  name: string;
  verdict: WorkloadVerdict;
  replicas: number;
  readyReplicas: number;
}

export interface ObservedIntelligence {
  /** The Neo4j StatefulSet; undefined with the embedded graph database. */
  neo4j?: Workload;
  /** The correlation Deployments, stable and canary counted together; the verdict is the stable one's. */
  correlation: Workload;
  canary: CanaryDecision;
  restore: RestoreDecision;
  lastBackup?: LastBackup;
  /** The newest backup Job that failed after the last success. */
  failedBackup?: { name: string; message: string };
  serviceMonitor: 'applied' | 'skipped-no-crd' | 'not-requested';
  paused: boolean;
  specError?: string;
  missingSecrets?: readonly string[];
}

/** What a canary or restore decision means for the conditions. */
function rolloutReasons(observed: ObservedIntelligence): { rollingOut?: Reason; degraded?: Reason; blocked?: Reason & { degraded: boolean } } {
  const restore = observed.restore.status;
  if (restore?.phase === 'Failed') return { blocked: { reason: 'RestoreFailed', message: restore.message ?? 'the restore failed', degraded: true } };
  if (restore && (restore.phase === 'Pending' || restore.phase === 'Running')) {
    return { rollingOut: { reason: 'Restoring', message: restore.message ?? `restoring ${restore.backupName}` } };
  }
  const canary = observed.canary.status;
  if (canary?.phase === 'Progressing') return { rollingOut: { reason: 'CanaryProgressing', message: canary.message } };
  // Rolled back for the revision the spec still asks for: the old version runs, not the desired one.
  if (canary?.phase === 'RolledBack' && observed.canary.stableTemplate === 'running') return { degraded: { reason: 'CanaryRolledBack', message: canary.message } };
  return {};
}

export function computeIntelligenceStatus(intelligence: DefaultedTapioIntelligence, observed: ObservedIntelligence, now: Date): TapioIntelligenceStatus & { conditions: Condition[] } {
  const generation = intelligence.metadata.generation;
  const missing = observed.missingSecrets ?? [];
  const reasons = rolloutReasons(observed);
  const components: ComponentReadiness[] = [
    // A Neo4j stopped for a restore is not expected to be ready; the restore reports instead.
    ...(observed.neo4j && !observed.restore.stopNeo4j ? [{ name: `StatefulSet ${observed.neo4j.name}`, verdict: observed.neo4j.verdict }] : []),
    { name: `Deployment ${observed.correlation.name}`, verdict: observed.correlation.verdict },
  ];
  const blocked = missing.length > 0 ? { reason: 'SecretNotFound', message: `Secret(s) ${missing.join(', ')} not found`, degraded: false } : reasons.blocked;
  const conditions = standardConditions(
    {
      generation,
      previous: intelligence.status?.conditions,
      ...(observed.specError !== undefined ? { specError: observed.specError } : {}),
      ...(blocked ? { blocked } : {}),
      components,
      ...(reasons.rollingOut ? { rollingOut: reasons.rollingOut } : {}),
      ...(reasons.degraded ? { degraded: reasons.degraded } : {}),
      paused: observed.paused,
      extra: {
        [BACKUP_FAILED]: observed.failedBackup
          ? { status: 'True', reason: 'BackupJobFailed', message: `backup ${observed.failedBackup.name} failed: ${observed.failedBackup.message}` }
          : undefined,
        [SERVICE_MONITOR]: integrationCondition(observed.serviceMonitor, 'ServiceMonitors', 'servicemonitors.monitoring.coreos.com'),
      },
    },
    now,
  );
  const { canary, restore } = observed;
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions,
    ...(observed.neo4j ? { neo4j: { replicas: observed.neo4j.replicas, readyReplicas: observed.neo4j.readyReplicas } } : {}),
    correlation: {
      replicas: observed.correlation.replicas,
      readyReplicas: observed.correlation.readyReplicas,
      selector: toLabelSelector(componentSelector(intelligence, 'correlation')),
      ...(canary.status ? { canary: canary.status } : {}),
    },
    ...(observed.lastBackup ? { lastBackup: observed.lastBackup } : {}),
    ...(restore.status ? { restore: restore.status } : {}),
  };
}
