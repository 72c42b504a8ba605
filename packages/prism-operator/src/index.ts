export * from './api/v1alpha1/group.ts';
export * from './api/v1alpha1/autoscaling.ts';
export * from './api/v1alpha1/prismbackend.ts';
export * from './api/v1alpha1/prismnamespace.ts';
export * from './api/v1alpha1/prismpattern.ts';
export * from './api/v1alpha1/prismstack.ts';
export * from './api/v1alpha1/defaults.ts';
export * from './api/v1alpha1/validation.ts';
