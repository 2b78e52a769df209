import { alertNoticeSchema } from '@facilflow/contracts';

export interface AlertLiveEvent {
  event: string;
  payload: unknown;
}

/**
 * The in-app channel: the `/alerts` Socket.IO namespace relays each notice the alert engine
 * publishes on the tenant's alerts channel as `alert:<transition>` (alert:triggered,
 * alert:acknowledged, alert:resolved, alert:shelved, alert:unshelved) to that tenant's room.
 * A message of another shape, or of another tenant than its channel's, is dropped.
 */
export function alertLiveEvents(message: unknown, channelTenantId: string): AlertLiveEvent[] {
  const parsed = alertNoticeSchema.safeParse(message);
  if (!parsed.success || parsed.data.tenantId !== channelTenantId) return [];
  return [{ event: `alert:${parsed.data.transition}`, payload: parsed.data }];
}
