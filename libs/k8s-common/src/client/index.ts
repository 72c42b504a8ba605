export * from './errors.ts';
export * from './kube-client.ts';
export * from './resource-type.ts';
export * from './discovery.ts';
