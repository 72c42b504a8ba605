export * from './cluster.ts';
export * from './request-counter.ts';
export * from './wait.ts';
