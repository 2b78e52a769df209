import { agentTopic } from '@facilflow/contracts';
import { sql } from '@facilflow/db';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import { withDeadline } from './deadline.ts';
import { describeError, outcomeOfError } from './outcome.ts';
import type { Tally } from './tally.ts';
import type { World } from './world.ts';

let seq = 1_000_000;

/**
 * After every batch: the process still answers a normal call, both stores still run a real
 * query, the broker still takes a publish, and the audit log holds one record per write.
 * A failing check is a finding of target "liveness" (or "audit"), named for the check.
 */
export async function checkWorld(world: World, tally: Tally, after: string): Promise<void> {
  const { t } = world;
  const probe = async (name: string, run: () => Promise<unknown>) => {
    const settled = await withDeadline(run().then(() => undefined, (error: unknown) => error));
    if (!settled.settled) return void tally.add({ kind: 'hung', target: 'liveness', subject: name, error: 'no answer within the deadline', input: `after ${after}` });
    if (settled.value === undefined) return;
    const outcome = outcomeOfError(settled.value, world.logs.explain);
    const error = outcome.kind === 'crash' ? outcome.error : `${describeError(settled.value)}`;
    tally.add({ kind: 'crash', target: 'liveness', subject: name, error, input: `after ${after}` });
  };
  await probe('tenants.get', () => t.call(world.checker, 'tenants.get', {}));
  await probe('telemetry.latest', () => t.call(world.checker, 'telemetry.latest', {}));
  await probe('platform database', () => t.database.db.withSystem('fuzz: liveness', (tx) => tx.execute(sql`select count(*) from tenants`)));
  await probe('time-series store', () => t.platform.services.timeseries.query(world.tenantA, 'SELECT 42 AS answer', { maxRows: 10, timeoutMs: 5_000 }));
  await probe('mqtt publish', async () => {
    // A client can drop for reasons of its own (a keepalive missed while a huge input held the
    // event loop); the broker is alive if a fresh connection takes the publish.
    if (!world.clientA.connected) {
      await world.clientA.endAsync(true);
      world.clientA = await connectAgentClient(world.agentA);
    }
    const payload = JSON.stringify({ v: 1, agentId: world.agentA.agentId, seq: seq++, sentAt: Date.now(), points: [{ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 180 }, t: Date.now() }] });
    await world.clientA.publishAsync(agentTopic(world.tenantA, world.agentA.agentId, 'telemetry'), payload, { qos: 1 });
  });
  const logged = world.logs.drain();
  for (const line of logged) tally.add({ kind: 'crash', target: 'liveness', subject: 'error log', error: line, input: `after ${after}` });
  for (const mismatch of await world.ledger.check()) {
    // The runtime logs why a record could not be written; the line naming the operation is the best lead.
    const why = logged.find((line) => line.includes(` ${mismatch.operation} `));
    const error = `${mismatch.missing > 0 ? 'write or destructive call left no audit record' : 'more audit records than write/destructive calls'}${why ? ` (logged: ${why.slice(0, 200)})` : ''}`;
    tally.add({ kind: 'unaudited', target: 'audit', subject: mismatch.operation, error, input: `${Math.abs(mismatch.missing)} call(s) in the batch before ${after}` }, Math.abs(mismatch.missing));
  }
}
