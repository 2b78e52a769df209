import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { readPolicy, type StoredPolicy } from './policy-record.ts';

export function getNotificationPolicy(services: Services, scope: TenantScope): Promise<StoredPolicy> {
  return services.db.withTenant(scope.tenantId, (tx) => readPolicy(tx, scope.tenantId));
}
