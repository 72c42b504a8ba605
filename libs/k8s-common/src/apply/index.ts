export * from './applier.ts';
export * from './semantic.ts';
