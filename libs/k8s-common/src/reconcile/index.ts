export * from './child-set.ts';
