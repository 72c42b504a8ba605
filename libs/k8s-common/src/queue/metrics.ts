/**
 * Receives the queue's measurements; mirrors client-go's workqueue metrics so an adapter can feed
 * prom-client's workqueue_* series without this library depending on it.
 */
export interface WorkQueueMetrics {
  /** Keys added and not yet handed out (workqueue_depth). */
  setDepth(depth: number): void;
  /** A key became pending; adds of an already pending key are deduplicated and not counted. */
  incAdds(): void;
  /** Seconds from a key's first pending add to its hand-out. */
  observeQueueDuration(seconds: number): void;
  /** Seconds from hand-out to `done`. */
  observeWorkDuration(seconds: number): void;
  /** A delayed add (`addAfter`, and so `addRateLimited`). */
  incRetries(): void;
  /** Sum of the ages of all in-flight items, sampled periodically. */
  setUnfinishedWorkSeconds(seconds: number): void;
  /** Age of the oldest in-flight item, sampled periodically. */
  setLongestRunningProcessorSeconds(seconds: number): void;
}

export const noopWorkQueueMetrics: WorkQueueMetrics = {
  setDepth() {},
  incAdds() {},
  observeQueueDuration() {},
  observeWorkDuration() {},
  incRetries() {},
  setUnfinishedWorkSeconds() {},
  setLongestRunningProcessorSeconds() {},
};
