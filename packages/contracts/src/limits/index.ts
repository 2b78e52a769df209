export * from './input-limits.ts';
export * from './json-limit-error.ts';
export * from './parse-bounded-json.ts';
export * from './check-value-limits.ts';
