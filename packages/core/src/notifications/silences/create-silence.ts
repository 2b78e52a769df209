import { actorId, FacilFlowError, type AlertMatcher, type Silence, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../../ids.ts';
import type { Services } from '../../services.ts';
import { toSilence } from './to-silence.ts';

/** Mutes the notifications of matching alerts from `startsAt` (default now) until `endsAt`; the alerts still exist and show. */
export async function createSilence(
  services: Services,
  scope: TenantScope,
  input: { matcher: AlertMatcher; startsAt?: string | undefined; endsAt: string; comment: string },
): Promise<Silence> {
  const now = services.now();
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw new FacilFlowError('INVALID', 'A silence must end after it starts');
  if (endsAt <= now) throw new FacilFlowError('INVALID', 'A silence must end in the future');
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.notificationSilences)
      .values({ id: newId('sil'), tenantId: scope.tenantId, matcher: input.matcher, startsAt, endsAt, createdBy: actorId(scope.actor), comment: input.comment, createdAt: now })
      .returning(),
  );
  if (!row) throw new Error('The silence insert returned no row');
  return toSilence(row, now);
}
