export * from './backoff.ts';
export * from './informer.ts';
export * from './store.ts';
export * from './informer-cache.ts';
export * from './cache-errors.ts';
