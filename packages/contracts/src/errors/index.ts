export * from './error-codes.ts';
export * from './facilflow-error.ts';
