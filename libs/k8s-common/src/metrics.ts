import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isMutating, type RequestRecord } from './client/kube-client.ts';
import type { WorkQueueMetrics } from './queue/metrics.ts';

/** controller-runtime's reconcile time buckets, so its dashboards read our histograms. */
const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
/** client-go's workqueue buckets: 10^-8 to 10^1 seconds. */
const QUEUE_BUCKETS = Array.from({ length: 10 }, (_, i) => 10 ** (i - 8));

export type ReconcileResultLabel = 'success' | 'error' | 'requeue' | 'requeue_after';

/** What exportConditions reads of an object: its name and its status conditions. */
export interface ObjectWithConditions {
  metadata?: { name?: string; namespace?: string };
  status?: { conditions?: readonly { type: string; status: string }[] };
}

const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
type ConditionLabel = 'kind' | 'namespace' | 'name' | 'condition' | 'status';

/**
 * The operator's metrics under the names controller-runtime exports (so existing dashboards and
 * alerts work unchanged), plus, when a prefix is given, the operator's own
 * `<prefix>_reconcile_total`, `<prefix>_reconcile_errors_total` and
 * `<prefix>_reconcile_duration_seconds`, and `<prefix>_resource_condition` (`operator_resource_condition`
 * without a prefix) for the kinds passed to exportConditions.
 */
export class OperatorMetrics {
  readonly registry: Registry;
  private readonly reconcileTotal: Counter<'controller' | 'result'>;
  private readonly reconcileErrors: Counter<'controller'>;
  private readonly reconcileTime: Histogram<'controller'>;
  private readonly activeWorkers: Gauge<'controller'>;
  private readonly maxConcurrentReconciles: Gauge<'controller'>;
  private readonly prefixed?: { total: Counter<'controller' | 'result'>; errors: Counter<'controller'>; duration: Histogram<'controller'> };
  private readonly queueDepth: Gauge<'name' | 'controller'>;
  private readonly queueAdds: Counter<'name' | 'controller'>;
  private readonly queueLatency: Histogram<'name' | 'controller'>;
  private readonly workDuration: Histogram<'name' | 'controller'>;
  private readonly queueRetries: Counter<'name' | 'controller'>;
  private readonly unfinishedWork: Gauge<'name' | 'controller'>;
  private readonly longestRunning: Gauge<'name' | 'controller'>;
  private readonly leaderStatus: Gauge<'name'>;
  private readonly restRequests: Counter<'code' | 'method' | 'host'>;
  private readonly restLatency: Histogram<'verb' | 'host'>;
  private readonly apiWrites: Counter<'resource' | 'method'>;
  private readonly conditionSources = new Map<string, () => Iterable<ObjectWithConditions>>();
  private readonly resourceConditions: Gauge<ConditionLabel>;

  constructor(options: { prefix?: string; registry?: Registry; processMetrics?: boolean } = {}) {
    const registers = [(this.registry = options.registry ?? new Registry())];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
    this.reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers });
    this.reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: RECONCILE_BUCKETS, registers });
    this.activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers });
    this.maxConcurrentReconciles = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers });
    if (options.prefix) {
      this.prefixed = {
        total: new Counter({ name: `${options.prefix}_reconcile_total`, help: 'Total number of reconciliations', labelNames: ['controller', 'result'], registers }),
        errors: new Counter({ name: `${options.prefix}_reconcile_errors_total`, help: 'Total number of reconciliation errors', labelNames: ['controller'], registers }),
        duration: new Histogram({ name: `${options.prefix}_reconcile_duration_seconds`, help: 'Duration of reconciliations', labelNames: ['controller'], buckets: RECONCILE_BUCKETS, registers }),
      };
    }
    const q = ['name', 'controller'] as const;
    this.queueDepth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: q, registers });
    this.queueAdds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: q, registers });
    this.queueLatency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: q, buckets: QUEUE_BUCKETS, registers });
    this.workDuration = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: q, buckets: QUEUE_BUCKETS, registers });
    this.queueRetries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: q, registers });
    this.unfinishedWork = new Gauge({ name: 'workqueue_unfinished_work_seconds', help: 'How many seconds of work has been done that is in progress', labelNames: q, registers });
    this.longestRunning = new Gauge({ name: 'workqueue_longest_running_processor_seconds', help: 'How many seconds has the longest running processor for workqueue been running', labelNames: q, registers });
    this.leaderStatus = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master', labelNames: ['name'], registers });
    this.restRequests = new Counter({ name: 'rest_client_requests_total', help: 'Number of HTTP requests, partitioned by status code, method, and host', labelNames: ['code', 'method', 'host'], registers });
    this.apiWrites = new Counter({ name: 'operator_api_writes_total', help: 'Mutating requests to the API server by resource (plural, with subresource): a converged operator adds only lease renewals', labelNames: ['resource', 'method'], registers });
    this.restLatency = new Histogram({ name: 'rest_client_request_duration_seconds', help: 'Request latency in seconds', labelNames: ['verb', 'host'], buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60], registers });
    const sources = this.conditionSources;
    this.resourceConditions = new Gauge<ConditionLabel>({
      name: `${options.prefix ?? 'operator'}_resource_condition`,
      help: 'Status conditions of the resources the operator manages: 1 for the current status (True, False or Unknown) of each condition, 0 for the other two',
      labelNames: ['kind', 'namespace', 'name', 'condition', 'status'],
      registers,
      // Read at every scrape rather than set by the status writer, so a deleted resource's series
      // go with it and a reconcile never has to remember to report.
      collect() {
        this.reset();
        for (const [kind, list] of sources) {
          for (const object of list()) {
            const resource = { kind, namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
            for (const { type, status } of object.status?.conditions ?? []) {
              for (const candidate of CONDITION_STATUSES) this.set({ ...resource, condition: type, status: candidate }, candidate === status ? 1 : 0);
            }
          }
        }
      },
    });
  }

  /**
   * Exports the status conditions of `kind`'s objects as `<prefix>_resource_condition{kind,namespace,name,condition,status}`
   * (kube-state-metrics' form for workload conditions), so alerts see a resource that is not Ready
   * whether or not it has a workload. `list` is called at every scrape: pass the cache's list of the kind.
   */
  exportConditions(kind: string, list: () => Iterable<ObjectWithConditions>): void {
    this.conditionSources.set(kind, list);
  }

  observeReconcile(controller: string, result: ReconcileResultLabel, seconds: number): void {
    this.reconcileTotal.inc({ controller, result });
    this.reconcileTime.observe({ controller }, seconds);
    this.prefixed?.total.inc({ controller, result });
    this.prefixed?.duration.observe({ controller }, seconds);
    if (result === 'error') {
      this.reconcileErrors.inc({ controller });
      this.prefixed?.errors.inc({ controller });
    }
  }

  setWorkers(controller: string, active: number, max: number): void {
    this.activeWorkers.set({ controller }, active);
    this.maxConcurrentReconciles.set({ controller }, max);
  }

  setLeader(leaseName: string, isLeader: boolean): void {
    this.leaderStatus.set({ name: leaseName }, isLeader ? 1 : 0);
  }

  /** A request observer for KubeClient. */
  observeRequest = (record: RequestRecord, host = 'kube-apiserver'): void => {
    this.restRequests.inc({ code: String(record.code), method: record.method, host });
    if (!record.watch) this.restLatency.observe({ verb: record.method, host }, record.seconds);
    if (isMutating(record)) this.apiWrites.inc({ resource: resourceOfPath(record.path), method: record.method });
  };

  workQueueMetrics(controller: string): WorkQueueMetrics {
    const labels = { name: controller, controller };
    // Zero-valued series appear at once, so dashboards show a controller before its first event.
    this.queueDepth.set(labels, 0);
    this.queueAdds.inc(labels, 0);
    this.queueRetries.inc(labels, 0);
    return {
      setDepth: (n) => this.queueDepth.set(labels, n),
      incAdds: () => this.queueAdds.inc(labels),
      observeQueueDuration: (s) => this.queueLatency.observe(labels, s),
      observeWorkDuration: (s) => this.workDuration.observe(labels, s),
      incRetries: () => this.queueRetries.inc(labels),
      setUnfinishedWorkSeconds: (s) => this.unfinishedWork.set(labels, s),
      setLongestRunningProcessorSeconds: (s) => this.longestRunning.set(labels, s),
    };
  }
}

/** `/apis/apps/v1/namespaces/x/statefulsets/y/status` → `statefulsets/status`. */
export function resourceOfPath(path: string): string {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  let i = parts[0] === 'api' ? 2 : 3;
  if (parts[i] === 'namespaces' && parts.length > i + 2) i += 2;
  const resource = parts[i] ?? 'unknown';
  const subresource = parts[i + 2];
  return subresource ? `${resource}/${subresource}` : resource;
}
