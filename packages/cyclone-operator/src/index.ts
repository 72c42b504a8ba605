export * from './api/v1/cycloneapp.ts';
export * from './api/v1/defaults.ts';
export * from './api/v1/validation.ts';
