export * from './input-limits.ts';
export * from './json-limit-error.ts';
export * from './parse-bounded-json.ts';
export * from './check-value-limits.ts';
export * from './body-too-large-error.ts';
export * from './read-bounded-text.ts';
export * from './input-refusal.ts';
export * from './host-allow-list.ts';
