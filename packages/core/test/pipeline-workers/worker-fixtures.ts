import { catalogPipelineEngine, type PipelineEngine, type Services } from '@facilflow/core';
import type { Database } from '@facilflow/db/client';
import { defineComponent } from '@facilflow/pipelines';
import { z } from 'zod';
import { counterRows, eventSink, scaleRows } from '../pipelines/test-catalog.ts';

let open: () => void = () => undefined;
let gate = new Promise<void>((resolve) => (open = resolve));

/** Closes the gate: every `source.gated-rows` stage started from now on waits until `openGate`. */
export function closeGate(): void {
  gate = new Promise<void>((resolve) => (open = resolve));
}
export function openGate(): void {
  open();
}

/** A source that holds its run under way until the test opens the gate: a run a worker holds. */
export const gatedRows = defineComponent({
  name: 'source.gated-rows',
  category: 'source',
  title: 'Gated rows',
  description: 'Emits one row once the gate opens.',
  config: z.object({}),
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'One row', with: {} }],
  run: async (context) => {
    await new Promise<void>((resolve, reject) => {
      void gate.then(resolve);
      context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true });
    });
    return { rows: [{ n: 1 }] };
  },
});

export const workerEngine: PipelineEngine = catalogPipelineEngine([counterRows, scaleRows, eventSink, gatedRows]);

export const quickSpec = (name: string, placement?: { labels?: Record<string, string>; priority?: number }) => ({
  name,
  triggers: [{ type: 'manual' }],
  stages: [
    { id: 'read', use: 'source.counter-rows', with: { count: 1 } },
    { id: 'emit', use: 'sink.test-events', needs: ['read'] },
  ],
  ...(placement ? { placement } : {}),
});

export const gatedSpec = (name: string) => ({
  name,
  triggers: [{ type: 'manual' }],
  stages: [
    { id: 'wait', use: 'source.gated-rows' },
    { id: 'emit', use: 'sink.test-events', needs: ['wait'] },
  ],
});

/**
 * The services a worker process would have, with a database link the test can cut: a worker
 * that is partitioned away, alive but unable to heartbeat, renew its leases or record anything.
 */
export function partitionable(services: Services): { services: Services; cut: () => void } {
  let cut = false;
  const refuse = () => Promise.reject(new Error('partitioned from the database'));
  const db: Database = {
    ...services.db,
    withTenant: (tenantId, fn) => (cut ? refuse() : services.db.withTenant(tenantId, fn)),
    withUser: (uid, fn) => (cut ? refuse() : services.db.withUser(uid, fn)),
    withSystem: (reason, fn) => (cut ? refuse() : services.db.withSystem(reason, fn)),
    withSettings: (settings, fn) => (cut ? refuse() : services.db.withSettings(settings, fn)),
  };
  return { services: { ...services, db }, cut: () => void (cut = true) };
}

/** Polls until `check` holds (no time is asserted). */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
