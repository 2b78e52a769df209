export * from './point.ts';
export * from './schema-registry.ts';
