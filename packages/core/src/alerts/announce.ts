import { alertsChannel, type AlertNotice } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/**
 * Tells the world about a stored transition: the tenant's live alerts channel, then the
 * notification sink, awaited (it records the notice before it returns). Called once per
 * transition, after its row is committed; a failing sink is reported, not retried, so a
 * notice is never delivered twice.
 */
export async function announce(services: Pick<Services, 'bus' | 'alertNotices'>, notice: AlertNotice, log: (message: string, error?: unknown) => void): Promise<void> {
  try {
    await services.bus.publish(alertsChannel(notice.tenantId), notice);
  } catch (error) {
    log(`could not publish alert ${notice.alertId} ${notice.transition} on the bus`, error);
  }
  if (!services.alertNotices) return;
  try {
    await services.alertNotices.deliver(notice);
  } catch (error) {
    log(`the notification sink refused alert ${notice.alertId} ${notice.transition}`, error);
  }
}
