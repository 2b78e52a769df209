import type { Services } from '@facilflow/core';
import { traceTransactions, type Observability } from '@facilflow/observability';
import { operations } from './operations/index.ts';
import { createRegistry } from './registry.ts';
import { createConfirmations } from './runtime/confirmations.ts';
import { createRuntime, type Runtime } from './runtime/create-runtime.ts';
import type { CredentialAttemptLimits } from './runtime/invoke-with-credential.ts';

/**
 * The runtime every front shares: the whole registry over a composed platform's services
 * (@facilflow/platform's Platform is one), its database transactions traced
 * (`db.transaction` spans under the operation's), with the platform's configured per-API-key request limit.
 */
export function createOperationsRuntime(
  platform: { services: Services; secret: string; config?: { limits: { apiKeyRequestsPerMinute: number } } },
  options: { observability?: Observability; credentialAttemptLimits?: CredentialAttemptLimits } = {},
): Runtime {
  const apiKeyRequestsPerMinute = platform.config?.limits.apiKeyRequestsPerMinute;
  return createRuntime({
    registry: createRegistry(operations),
    services: { ...platform.services, db: traceTransactions(platform.services.db) },
    confirmations: createConfirmations(platform.secret, platform.services.now),
    ...(options.observability ? { observability: options.observability } : {}),
    ...(options.credentialAttemptLimits ? { credentialAttemptLimits: options.credentialAttemptLimits } : {}),
    ...(apiKeyRequestsPerMinute ? { apiKeyRequestsPerMinute } : {}),
  });
}
