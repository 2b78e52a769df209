import { withSpan } from './with-span.ts';

type Scoped<Tx> = <T>(key: string, fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** The database's transaction entry points (`Database` in @facilflow/db), by shape. */
export interface TransactionScopes<Tx> {
  withTenant: Scoped<Tx>;
  withUser: Scoped<Tx>;
  withSystem: Scoped<Tx>;
}

const SCOPES = { withTenant: 'tenant', withUser: 'user', withSystem: 'system' } as const;

/**
 * The same database, with a `db.transaction` span around each scoped transaction. A proxy
 * rather than a copy: the database's getters (its failure state) keep reading the live object.
 */
export function traceTransactions<Tx, D extends TransactionScopes<Tx>>(db: D): D {
  return new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || !(property in SCOPES) || typeof value !== 'function') return value;
      const scope = SCOPES[property as keyof typeof SCOPES];
      const run = value as Scoped<Tx>;
      const traced: Scoped<Tx> = <T>(key: string, fn: (tx: Tx) => Promise<T>) =>
        withSpan('db.transaction', { 'db.system': 'postgresql', 'facilflow.scope': scope, ...(scope === 'tenant' ? { 'facilflow.tenant': key } : {}) }, () =>
          run.call<D, [string, (tx: Tx) => Promise<T>], Promise<T>>(target, key, fn),
        );
      return traced;
    },
  });
}
