export { systemClock } from './clock.ts';
export type { Clock, TimerHandle } from './clock.ts';
export { ManualClock } from './manual-clock.ts';
export { noopWorkQueueMetrics } from './metrics.ts';
export type { WorkQueueMetrics } from './metrics.ts';
export {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.ts';
export type { BucketRateLimiterOptions, RateLimiter } from './rate-limiter.ts';
export { LOW_PRIORITY, NORMAL_PRIORITY, WorkQueue, WorkQueueDrainTimeoutError } from './work-queue.ts';
export type { DrainOptions, WorkQueueItem, WorkQueueOptions } from './work-queue.ts';
