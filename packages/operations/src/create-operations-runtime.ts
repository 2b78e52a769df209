import type { Platform } from '@facilflow/core';
import { operations } from './operations/index.ts';
import { createRegistry } from './registry.ts';
import { createConfirmations } from './runtime/confirmations.ts';
import { createRuntime, type Runtime } from './runtime/create-runtime.ts';

/** The runtime every front shares: the whole registry over the platform's services. */
export function createOperationsRuntime(platform: Pick<Platform, 'services' | 'secret'>): Runtime {
  return createRuntime({
    registry: createRegistry(operations),
    services: platform.services,
    confirmations: createConfirmations(platform.secret, platform.services.now),
  });
}
