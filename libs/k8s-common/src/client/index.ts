export * from './errors.ts';
export * from './kube-client.ts';
export * from './resource-type.ts';
export * from './discovery.ts';
export * from './connection-pool.ts';
export * from './throttle-retry.ts';
export * from './watch-deadline.ts';
