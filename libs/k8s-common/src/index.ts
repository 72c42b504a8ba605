export * from './hash.ts';
