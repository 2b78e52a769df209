export * from './test-database.ts';
export * from './free-port.ts';
export * from './test-platform.ts';
export * from './pglite-trap.ts';
