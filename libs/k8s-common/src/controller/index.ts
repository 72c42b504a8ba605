export * from './controller.ts';
export * from './predicates.ts';
export * from './types.ts';
