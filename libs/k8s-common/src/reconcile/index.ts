export * from './child-set.ts';
export * from './optional-child.ts';
export * from './pause.ts';
