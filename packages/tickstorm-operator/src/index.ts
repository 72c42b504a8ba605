export * from './api/v1alpha1/tickstorm.ts';
export * from './api/v1alpha1/defaults.ts';
export * from './api/v1alpha1/validation.ts';
export * from './api/v1alpha1/config-keys.ts';
export * from './capacity/namespace-guard-fit.ts';
export * from './runtime/runtime-settings.ts';
