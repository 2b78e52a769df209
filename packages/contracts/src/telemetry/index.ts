export * from './point.ts';
export * from './schema-registry.ts';
export * from './written-batch.ts';
