import type { NotificationChannel, TenantScope } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toChannel } from './channel-record.ts';

export async function listChannels(services: Services, scope: TenantScope): Promise<NotificationChannel[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(schema.notificationChannels).where(eq(schema.notificationChannels.tenantId, scope.tenantId)).orderBy(asc(schema.notificationChannels.createdAt)),
  );
  return rows.map(toChannel);
}
