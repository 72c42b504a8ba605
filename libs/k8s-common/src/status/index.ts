export * from './readiness-conditions.ts';
export * from './workload-readiness.ts';
