import { actorId, FacilFlowError, type TenantScope, type UsageRecord } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';
import { requestCostNanoUsd, type RequestTokens } from './usage-cost.ts';
import { toUsageRecord } from './to-usage-record.ts';

export interface ModelRequestUsage extends RequestTokens {
  conversationId: string;
  model: string;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Records one model request of the caller's turn, priced now from the model table. */
export async function recordJarvisUsage(services: Services, scope: TenantScope, usage: ModelRequestUsage): Promise<UsageRecord> {
  const counts = [usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens];
  if (!counts.every(isCount)) throw new FacilFlowError('INVALID', `Token counts must be non-negative integers, not ${counts.join(', ')}`);
  const at = services.now();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.jarvisUsage)
      .values({
        id: newSortableId(at),
        tenantId: scope.tenantId,
        conversationId: usage.conversationId,
        userId: actorId(scope.actor),
        model: usage.model,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        costNanoUsd: requestCostNanoUsd(usage.model, usage),
        at,
      })
      .returning(),
  );
  if (!row) throw new Error('The usage insert returned no row');
  return toUsageRecord(row);
}
