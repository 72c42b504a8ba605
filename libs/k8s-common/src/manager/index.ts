export * from './config.ts';
export * from './http.ts';
export * from './manager.ts';
