export * from './reconcile-tracer.ts';
export * from './settings.ts';
