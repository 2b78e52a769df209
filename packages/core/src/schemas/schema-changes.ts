import type { Services } from '../services.ts';

/**
 * How validator caches learn that a tenant's schemas changed. Right after a change commits:
 * - this process's caches are told synchronously, so the very next message is checked
 *   against the change;
 * - other nodes are told on the bus (`tenant:{id}:schemas`; Redis with several nodes), and
 *   their cache entries expire after a few seconds anyway should that message be lost.
 */
export type SchemaChangeListener = (change: { tenantId: string; measurement: string }) => void;

export const schemaChangesChannel = (tenantId: string): string => `tenant:${tenantId}:schemas`;

const listeners = new Set<SchemaChangeListener>();

export function onMeasurementSchemaChange(listener: SchemaChangeListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export async function notifyMeasurementSchemaChange(services: Services, tenantId: string, measurement: string): Promise<void> {
  for (const listener of listeners) {
    try {
      listener({ tenantId, measurement });
    } catch {
      // A cache that cannot take the news expires on its own.
    }
  }
  // At most once, like every bus message: the caches' expiry covers a lost one.
  await services.bus.publish(schemaChangesChannel(tenantId), { measurement }).catch(() => undefined);
}
