import { schema } from '@facilflow/db';
import { createTestDatabase, testDatabaseKind } from '@facilflow/testkit';
import type { TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDirectory } from '../../src/directory/index.ts';
import { describeTenantDirectoryContract } from './tenant-directory.contract.ts';

// One database for the file (creating and migrating one takes seconds), emptied after each test.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const empty = () =>
  database.db.withSystem('empty the directory between tests', async (tx) => {
    await tx.delete(schema.tenants); // members and invites go with their tenant
    await tx.delete(schema.profiles);
  });

describeTenantDirectoryContract(`postgres (${testDatabaseKind()})`, async () => ({
  directory: createPostgresDirectory(database.db),
  teardown: empty,
}));

describe('postgres directory: row-level security', () => {
  it("shows a transaction scoped to another tenant none of tenant A's members", async () => {
    const directory = createPostgresDirectory(database.db);
    await directory.createTenant({ id: 'acme', name: 'Acme', slug: 'acme', createdBy: 'uid-ann' }, { uid: 'uid-ann', email: null });
    await directory.addMember('acme', { uid: 'uid-bob', email: null, role: 'viewer' });

    const seenByOther = await database.db.withTenant('other', (tx) => tx.select().from(schema.members));
    const seenByAcme = await database.db.withTenant('acme', (tx) => tx.select().from(schema.members));
    expect(seenByOther).toEqual([]);
    expect(seenByAcme.map((m) => m.uid).sort()).toEqual(['uid-ann', 'uid-bob']);
    await empty();
  });
});
