import type { AlertNotice, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findChannel } from './channel-record.ts';
import type { AttemptResult } from './channels/attempt.ts';
import { newId } from '../ids.ts';
import { sendThroughChannel } from './send-delivery.ts';

/** Sends a test notice through the channel now, once, and says what happened; nothing is queued or retried. */
export async function testChannel(services: Services, scope: TenantScope, id: string): Promise<Omit<AttemptResult, 'retryable'>> {
  const channel = await services.db.withTenant(scope.tenantId, (tx) => findChannel(tx, scope.tenantId, id));
  const at = services.now().toISOString();
  const notice: AlertNotice = {
    tenantId: scope.tenantId,
    alertId: newId('test'),
    ruleId: 'channel-test',
    ruleName: 'Channel test',
    transition: 'triggered',
    severity: 'info',
    priority: 4,
    measurement: null,
    tags: {},
    assetPath: null,
    labels: {},
    summary: `Test notification for channel "${channel.name}"`,
    value: null,
    actor: null,
    comment: null,
    at,
    firedAt: at,
  };
  const { retryable: _retryable, ...result } = await sendThroughChannel(services, channel, { id: `${notice.alertId}:test`, reason: 'test', data: notice }, newId('dlv'));
  return result;
}
