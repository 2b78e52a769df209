import { actorId, FacilFlowError, type TenantEventType, type TenantScope, type WebhookSubscription } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../../ids.ts';
import { isAllowedHost } from '../../pipeline-runtime/outbound-http.ts';
import type { Services } from '../../services.ts';
import { newSigningSecret } from '../signing.ts';
import { toWebhook } from './to-webhook.ts';

export async function createWebhook(services: Services, scope: TenantScope, input: { name: string; url: string; events: TenantEventType[] }): Promise<{ webhook: WebhookSubscription; signingSecret: string }> {
  const url = new URL(input.url);
  if (!isAllowedHost(url, services.outbound.httpHosts)) {
    throw new FacilFlowError('FORBIDDEN', `${url.host} is not a host FacilFlow may call: an admin adds it to FACILFLOW_PIPELINE_HTTP_HOSTS`);
  }
  const secret = newSigningSecret();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.webhookSubscriptions)
      .values({ id: newId('whk'), tenantId: scope.tenantId, name: input.name, url: input.url, events: [...new Set(input.events)], secret, createdBy: actorId(scope.actor), createdAt: services.now() })
      .returning(),
  );
  if (!row) throw new Error('The webhook insert returned no row');
  return { webhook: toWebhook(row), signingSecret: secret };
}
