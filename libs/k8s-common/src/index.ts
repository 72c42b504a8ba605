export * from './client/index.ts';
export * from './crd/index.ts';
export * from './hash.ts';
export * from './meta/index.ts';
export * from './queue/index.ts';
export * from './webhook/index.ts';
