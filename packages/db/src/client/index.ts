export { createDatabase } from './create-database.ts';
export type { DatabaseTarget } from './create-database.ts';
export type { Database, Db, RlsSettings, Schema, Tx } from './database.ts';
export * from './pg-errors.ts';
