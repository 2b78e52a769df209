import { alertMatcherSchema, type Silence } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export function toSilence(row: typeof schema.notificationSilences.$inferSelect, now: Date): Silence {
  const state = row.endsAt <= now ? 'expired' : row.startsAt > now ? 'pending' : 'active';
  return {
    id: row.id,
    matcher: alertMatcherSchema.parse(row.matcher),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    state,
  };
}
