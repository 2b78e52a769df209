import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const tenants = pgTable('tenants', {
  /** The tenant id doubles as the tenant_id column so one RLS rule fits every table. */
  tenantId: text('tenant_id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Whether an accepted MCP elicitation approves a pending request; otherwise only the web app and the CLI decide. */
  elicitationApproves: boolean('elicitation_approves').notNull().default(false),
});

export const members = pgTable(
  'members',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    uid: text('uid').notNull(),
    email: text('email'),
    role: text('role').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.uid] }), index('members_uid_idx').on(t.uid)],
);

export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').notNull(),
    invitedBy: text('invited_by').notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('invites_email_idx').on(sql`lower(${t.email})`),
    uniqueIndex('invites_pending_unique').on(t.tenantId, sql`lower(${t.email})`).where(sql`${t.status} = 'pending'`),
  ],
);

/** Per-user, not per-tenant: readable only under the user's own uid setting or system scope. */
export const profiles = pgTable('profiles', {
  uid: text('uid').primaryKey(),
  email: text('email'),
  displayName: text('display_name'),
  activeTenantId: text('active_tenant_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
