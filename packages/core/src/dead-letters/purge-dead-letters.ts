import { and, count, eq, lt, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export interface PurgeDeadLettersInput {
  before?: string | undefined;
  replayedOnly: boolean;
  agentId?: string | undefined;
}

const table = schema.deadLetters;

function filters(input: PurgeDeadLettersInput): SQL | undefined {
  const where: SQL[] = [];
  if (input.before) where.push(lt(table.receivedAt, new Date(input.before)));
  if (input.replayedOnly) where.push(sql`${table.replayedAt} is not null`);
  if (input.agentId) where.push(eq(table.agentId, input.agentId));
  return and(...where);
}

function describe(input: PurgeDeadLettersInput): string {
  const parts = [input.replayedOnly ? 'replayed' : null, input.agentId ? `of agent ${input.agentId}` : null, input.before ? `received before ${input.before}` : null].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export async function planPurgeDeadLetters(services: Services, scope: TenantScope, input: PurgeDeadLettersInput): Promise<string> {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) => tx.select({ n: count() }).from(table).where(filters(input)));
  const n = Number(row?.n ?? 0);
  return `Delete ${n} dead letter${n === 1 ? '' : 's'}${describe(input)} with their payloads; they can no longer be inspected or replayed. Stored telemetry is not touched.`;
}

export async function purgeDeadLetters(services: Services, scope: TenantScope, input: PurgeDeadLettersInput): Promise<{ deleted: number }> {
  const deleted = await services.db.withTenant(scope.tenantId, (tx) => tx.delete(table).where(filters(input)).returning({ id: table.id }));
  return { deleted: deleted.length };
}
