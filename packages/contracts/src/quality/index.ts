export * from './quality.ts';
