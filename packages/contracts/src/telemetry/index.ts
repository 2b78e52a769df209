export * from './point.ts';
export * from './schema-registry.ts';
export * from './written-batch.ts';
export * from './compact-batch.ts';
export * from './telemetry-codec.ts';
