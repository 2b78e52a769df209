// Query helpers re-exported so every package uses the one drizzle-orm this package pins.
export { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
export type { AnyColumn, SQL } from 'drizzle-orm';
export * from './client/index.ts';
export * as schema from './schema/index.ts';
