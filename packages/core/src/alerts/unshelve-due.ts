import { and, eq, lte, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { recordTransition } from './alert-store.ts';
import { announce } from './announce.ts';
import { noticeOf, type AlertRow } from './to-alert.ts';

/**
 * Brings back every shelved alert whose time is up, in every tenant (a system sweep: the
 * shelving was bounded when a person set it). It returns as firing, unacknowledged: it is
 * announced again and someone must take it (ISA-18.2 re-annunciation).
 */
export async function unshelveDue(services: Pick<Services, 'db' | 'bus' | 'alertNotices'>, now: Date, log: (message: string, error?: unknown) => void): Promise<number> {
  const due = await services.db.withSystem('find shelved alerts whose shelving ran out', (tx) =>
    tx
      .selectDistinct({ tenantId: schema.alerts.tenantId })
      .from(schema.alerts)
      .where(and(eq(schema.alerts.state, 'shelved'), lte(schema.alerts.shelvedUntil, now))),
  );
  let count = 0;
  for (const { tenantId } of due) {
    const rows: AlertRow[] = await services.db.withTenant(tenantId, async (tx) => {
      const back = await tx
        .update(schema.alerts)
        .set({ state: 'firing', acknowledgedBy: null, acknowledgedAt: null, acknowledgedComment: null })
        .where(and(eq(schema.alerts.state, 'shelved'), lte(schema.alerts.shelvedUntil, now)))
        .returning();
      for (const row of back) await recordTransition(tx, row, 'unshelved', row.shelvedUntil ?? now, null, 'shelving ran out');
      return back;
    });
    for (const row of rows) await announce(services, noticeOf(row, 'unshelved', row.shelvedUntil ?? now, null, 'shelving ran out'), log);
    count += rows.length;
  }
  return count;
}
