export * from './conditions.ts';
export * from './finalizers.ts';
export * from './labels.ts';
export * from './owner.ts';
