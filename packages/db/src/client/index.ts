export { createDatabase } from './create-database.ts';
export type { DatabaseTarget } from './create-database.ts';
export type { Database, Db, RlsSettings, Schema, Tx } from './database.ts';
export * from './pg-errors.ts';
export { DatabaseFailedError, onDatabaseFault, type DatabaseFaultListener } from './database-fault.ts';
export { findWasmTrap } from './wasm-fault.ts';
export { lockPgliteDir } from './pglite-lock.ts';
export { loadPgliteDataDir } from './pglite-data-dir.ts';
