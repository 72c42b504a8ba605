// The TapioIntelligence reconciler, in kubebuilder's order: read from the cache, validate, pause,
// gather facts (the generated Neo4j password, Secrets by direct GET, the live Deployments' revisions,
// the Neo4j pods, the backup and restore Jobs' outcomes), decide the canary and the restore (pure
// functions), build every child, apply them as one child set, then status from the objects the
// apply returned. Data volumes (Neo4j's claims, the backup volume, the embedded graph) carry no
// owner reference: deleting the TapioIntelligence keeps them.
import type { V1Deployment, V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  podCreationFailures,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  type DesiredChild,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import { withIntelligenceDefaults, type DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { API_VERSION } from '../api/v1alpha1/group.ts';
import { KIND, PLURAL, type TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { validateTapioIntelligence } from '../api/v1alpha1/validation.ts';
import { desiredHorizontalPodAutoscaler } from '../resources/autoscaler.ts';
import { correlationDeploymentName, desiredCorrelationDeployment } from '../resources/correlation-deployment.ts';
import { desiredCorrelationService } from '../resources/correlation-service.ts';
import { canaryDeploymentName } from '../resources/deployment-tracks.ts';
import { desiredPodDisruptionBudget } from '../resources/disruption-budget.ts';
import { desiredGraphVolumeClaim } from '../resources/graph-volume.ts';
import { desiredIntelligenceNetworkPolicies } from '../resources/intelligence-network-policies.ts';
import { componentSelector } from '../resources/metadata.ts';
import { desiredNeo4jAuthSecret } from '../resources/neo4j-auth-secret.ts';
import { desiredBackupCronJob, desiredBackupVolumeClaim, desiredOnDemandBackupJob } from '../resources/neo4j-backup.ts';
import { neo4jStatefulSetName } from '../resources/neo4j-names.ts';
import { desiredRestoreDataClaim, desiredRestoreJob, restoreJobName } from '../resources/neo4j-restore.ts';
import { desiredNeo4jClientService, desiredNeo4jHeadlessService } from '../resources/neo4j-services.ts';
import { desiredNeo4jStatefulSet } from '../resources/neo4j-statefulset.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { decideRestore, type RestoreDecision } from '../rollout/restore.ts';
import { failedBackupSince, lastSuccessfulBackup } from '../status/backup-status.ts';
import { computeIntelligenceStatus, type ObservedIntelligence } from '../status/intelligence-status.ts';
import { jobOutcome, type JobOutcome } from '../support/job-state.ts';
import { workloadVerdict } from '../support/workload-verdict.ts';
import { ensureGeneratedSecret } from './generated-secret.ts';
import { applyOptional, earliest, recheckAfter } from './optional-integration.ts';
import { instanceOf, podsMatching, TAPIO_POD_SELECTOR } from './owned-pods.ts';
import { reconcileFlow, type FlowObservation } from './reconcile-flow.ts';
import { findMissingSecrets, rejectedChildError } from './spec-problems.ts';
import { planTrackedDeployment } from './tracked-deployment.ts';
import { countWorkload, optionalChild, withCanaryPods, type CountedWorkload } from './workload-counts.ts';

export const TapioIntelligences: ResourceType = resourceType(API_VERSION, KIND, PLURAL);

const CHILDREN = new ChildSet([
  ResourceTypes.PersistentVolumeClaim,
  ResourceTypes.Service,
  ResourceTypes.StatefulSet,
  ResourceTypes.Deployment,
  ResourceTypes.CronJob,
  ResourceTypes.Job,
  ResourceTypes.HorizontalPodAutoscaler,
  ResourceTypes.PodDisruptionBudget,
  ResourceTypes.NetworkPolicy,
]);

export function tapioIntelligenceController(manager: Manager) {
  manager.metrics.exportConditions(KIND, () => manager.cache.list<TapioIntelligence>(TapioIntelligences));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(TapioIntelligences, specOrMetadataChanged).named('tapiointelligence'))
    .watches<V1Pod>(ResourceTypes.Pod, instanceOf, [], { labelSelector: TAPIO_POD_SELECTOR })
    // The CronJob's Jobs are owned by the CronJob, not by us: their labels name the intelligence.
    .watches<V1Job>(ResourceTypes.Job, instanceOf, [])
    .complete((request, context) => reconcileTapioIntelligence(manager, request, context));
}

export function reconcileTapioIntelligence(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  return reconcileFlow<TapioIntelligence, DefaultedTapioIntelligence, Observed>(manager, request, context, {
    type: TapioIntelligences,
    validate: validateTapioIntelligence,
    withDefaults: withIntelligenceDefaults,
    observeCached,
    realise,
    status: computeIntelligenceStatus,
  });
}

type Observed = ObservedIntelligence & FlowObservation;

async function realise(manager: Manager, intelligence: DefaultedTapioIntelligence, context: ReconcileContext, now: Date): Promise<Observed> {
  const { signal } = context;
  const { spec } = intelligence;
  const neo4jAuth = (facts: { password: string }) => desiredNeo4jAuthSecret(intelligence, facts);
  if (neo4jAuth({ password: '' })) await ensureGeneratedSecret(manager, (facts) => neo4jAuth(facts)!, signal);
  const missingSecrets = await findMissingSecrets(manager, intelligence.metadata.namespace, [spec.natsCredentialsSecretName], signal);

  const restore = decideRestore(
    {
      requested: spec.embedded ? undefined : spec.restore?.backupName,
      previous: intelligence.status?.restore,
      servers: spec.neo4j.replicas,
      runningPods: podsMatching(manager, intelligence.metadata.namespace, componentSelector(intelligence, 'neo4j')).length,
      jobs: restoreJobs(manager, intelligence),
    },
    () => now,
  );
  if (restore.event) manager.events.event(intelligence, restore.event.type, restore.event.reason, restore.event.message);

  const correlation = planTrackedDeployment(
    manager,
    { desired: desiredCorrelationDeployment(intelligence), canary: spec.correlation.canary, replicas: spec.correlation.replicas, previous: intelligence.status?.correlation?.canary },
    now,
  );
  if (correlation.decision.event) manager.events.event(intelligence, correlation.decision.event.type, correlation.decision.event.reason, correlation.decision.event.message);

  const neo4jSelector = componentSelector(intelligence, 'neo4j');
  const correlationSelector = componentSelector(intelligence, 'correlation');
  const desired: DesiredChild[] = [
    ...optionalChild(ResourceTypes.PersistentVolumeClaim, desiredGraphVolumeClaim(intelligence)),
    ...optionalChild(ResourceTypes.PersistentVolumeClaim, desiredBackupVolumeClaim(intelligence)),
    ...restore.jobs.map((ordinal) => desiredChild(ResourceTypes.PersistentVolumeClaim, desiredRestoreDataClaim(intelligence, ordinal))),
    ...restore.jobs.flatMap((ordinal) => optionalChild(ResourceTypes.Job, desiredRestoreJob(intelligence, ordinal))),
    ...optionalChild(ResourceTypes.Service, desiredNeo4jHeadlessService(intelligence)),
    ...optionalChild(ResourceTypes.Service, desiredNeo4jClientService(intelligence)),
    ...optionalChild(ResourceTypes.StatefulSet, desiredNeo4jStatefulSet(intelligence, { stopped: restore.stopNeo4j })),
    ...optionalChild(ResourceTypes.CronJob, desiredBackupCronJob(intelligence)),
    ...optionalChild(ResourceTypes.Job, desiredOnDemandBackupJob(intelligence)),
    desiredChild(ResourceTypes.Service, desiredCorrelationService(intelligence)),
    ...correlation.children,
    ...optionalChild(
      ResourceTypes.HorizontalPodAutoscaler,
      desiredHorizontalPodAutoscaler(intelligence, { deploymentName: correlationDeploymentName(intelligence), component: 'correlation', replicas: spec.correlation.replicas, autoscaling: spec.correlation.autoscaling }),
    ),
    ...(spec.embedded
      ? []
      : optionalChild(
          ResourceTypes.PodDisruptionBudget,
          desiredPodDisruptionBudget(intelligence, { name: neo4jStatefulSetName(intelligence), component: 'neo4j', selector: neo4jSelector, replicas: spec.neo4j.replicas, highAvailability: spec.highAvailability }),
        )),
    ...optionalChild(
      ResourceTypes.PodDisruptionBudget,
      desiredPodDisruptionBudget(intelligence, { name: correlationDeploymentName(intelligence), component: 'correlation', selector: correlationSelector, replicas: spec.correlation.replicas, highAvailability: spec.highAvailability }),
    ),
    ...desiredIntelligenceNetworkPolicies(intelligence).map((policy) => desiredChild(ResourceTypes.NetworkPolicy, policy)),
  ];
  let applied;
  try {
    applied = await CHILDREN.reconcile(manager, intelligence, desired, { signal });
  } catch (err) {
    return { ...observeCached(manager, intelligence), paused: false, specError: rejectedChildError(manager, intelligence, err) };
  }
  const neo4j = applied.get<V1StatefulSet>(ResourceTypes.StatefulSet, neo4jStatefulSetName(intelligence));
  const stable = applied.get<V1Deployment>(ResourceTypes.Deployment, correlationDeploymentName(intelligence));
  const canary = applied.get<V1Deployment>(ResourceTypes.Deployment, canaryDeploymentName(correlationDeploymentName(intelligence)));
  const monitor = await applyOptional(manager, intelligence, ResourceTypes.ServiceMonitor, desiredServiceMonitor(intelligence, spec.monitoring, ['correlation']), signal);
  const backups = backupJobs(manager, intelligence);
  const lastBackup = lastSuccessfulBackup(backups, intelligence.status?.lastBackup);
  const failedBackup = failedBackupSince(backups, lastBackup);
  return {
    ...(neo4j ? { neo4j: { ...(await describe(manager, intelligence, neo4j, 'neo4j', signal)) } } : {}),
    correlation: withCanaryPods(await describe(manager, intelligence, stable, 'correlation', signal), canary),
    canary: correlation.decision,
    restore,
    ...(lastBackup ? { lastBackup } : {}),
    ...(failedBackup ? { failedBackup } : {}),
    serviceMonitor: monitor.outcome,
    paused: false,
    missingSecrets,
    ...recheckAfter(earliest(correlation.decision.requeueAfterMs, monitor.recheckAfterMs)),
  };
}

async function describe(manager: Manager, intelligence: DefaultedTapioIntelligence, live: V1StatefulSet | V1Deployment | undefined, component: 'neo4j' | 'correlation', signal: AbortSignal): Promise<CountedWorkload> {
  const pods = podsMatching(manager, intelligence.metadata.namespace, componentSelector(intelligence, component));
  const events = live ? await podCreationFailures(manager.client, live, { signal }) : [];
  return countWorkload(live, workloadVerdict(live, { pods, events }), component === 'neo4j' ? neo4jStatefulSetName(intelligence) : correlationDeploymentName(intelligence));
}

/** What runs, from the cache: while paused, or when the API server refused a child. */
function observeCached(manager: Manager, intelligence: DefaultedTapioIntelligence): Omit<Observed, 'paused'> {
  const namespace = intelligence.metadata.namespace;
  const neo4j = intelligence.spec.embedded ? undefined : manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, neo4jStatefulSetName(intelligence), namespace);
  const correlation = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, correlationDeploymentName(intelligence), namespace);
  const previous = intelligence.status;
  const restore: RestoreDecision = { stopNeo4j: false, jobs: [], ...(previous?.restore ? { status: previous.restore } : {}) };
  return {
    ...(neo4j ? { neo4j: countWorkload(neo4j, workloadVerdict(neo4j), neo4jStatefulSetName(intelligence)) } : {}),
    correlation: countWorkload(correlation, workloadVerdict(correlation), correlationDeploymentName(intelligence)),
    canary: { stableTemplate: 'desired', canaryReplicas: 0, ...(previous?.correlation?.canary ? { status: previous.correlation.canary } : {}) },
    restore,
    ...(previous?.lastBackup ? { lastBackup: previous.lastBackup } : {}),
    serviceMonitor: 'not-requested',
  };
}

function jobsOf(manager: Manager, intelligence: DefaultedTapioIntelligence, component: 'neo4j-backup' | 'neo4j-restore'): V1Job[] {
  const selector = componentSelector(intelligence, component);
  return manager.cache.list<V1Job>(ResourceTypes.Job, intelligence.metadata.namespace).filter((job) => Object.entries(selector).every(([k, v]) => job.metadata?.labels?.[k] === v));
}

/** Every backup Job, scheduled (owned by the CronJob) or on demand. */
const backupJobs = (manager: Manager, intelligence: DefaultedTapioIntelligence): V1Job[] => jobsOf(manager, intelligence, 'neo4j-backup');

/** The restore Jobs of the requested backup, by server ordinal. */
function restoreJobs(manager: Manager, intelligence: DefaultedTapioIntelligence): Map<number, JobOutcome> {
  const backupName = intelligence.spec.restore?.backupName;
  const jobs = new Map<number, JobOutcome>();
  if (!backupName) return jobs;
  const byName = new Map(jobsOf(manager, intelligence, 'neo4j-restore').map((job) => [job.metadata?.name, job]));
  for (let ordinal = 0; ordinal < intelligence.spec.neo4j.replicas; ordinal++) {
    const job = byName.get(restoreJobName(intelligence, backupName, ordinal));
    if (job) jobs.set(ordinal, jobOutcome(job));
  }
  return jobs;
}
