export * from './policy-rules.ts';
