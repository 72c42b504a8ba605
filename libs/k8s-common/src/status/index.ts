export * from './readiness-conditions.ts';
export * from './workload-readiness.ts';
export * from './progress-deadline.ts';
export * from './workload-events.ts';
