import { sql, type Database } from '@facilflow/db';

/**
 * Runs a statement as the database owner, for tests that break the schema on purpose in
 * their scratch database: every transaction starts as facilflow_app, RESET ROLE leaves it.
 */
export function asOwner(db: Database, statement: string): Promise<unknown> {
  return db.withSystem('test: change the scratch schema as its owner', async (tx) => {
    await tx.execute(sql`reset role`);
    return tx.execute(sql.raw(statement));
  });
}
