import { checkWorld } from './checks.ts';
import { captureLogs } from './log-capture.ts';
import { describeError } from './outcome.ts';
import { bindTarget } from './run-target.ts';
import { Tally } from './tally.ts';
import type { AnyTarget } from './target.ts';
import { ingestCodecsTarget } from './targets/ingest-codecs.ts';
import { mqttPacketsTarget } from './targets/mqtt-packets.ts';
import { mqttPublishesTarget } from './targets/mqtt-publishes.ts';
import { operationsTarget } from './targets/operations.ts';
import { sqlGuardTarget } from './targets/sql-guard.ts';
import { createWorld } from './world.ts';

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** Inputs per target between two rounds of checks. */
  batchSize?: number;
  /** No new batch starts after this long; the final line then counts the inputs that ran. */
  timeBudgetMs?: number;
  verbose?: boolean;
  /** Progress lines (stderr), one per round. */
  progress?: (line: string) => void;
}

/**
 * Share of the inputs per target. The pure codecs and guards are cheap and take many; the
 * operations go through the whole runtime (database, audit); real MQTT traffic is the
 * slowest and the smallest share.
 */
const SHARES = { operations: 0.2, 'ingest-codecs': 0.5, 'sql-guard': 0.27, 'mqtt-publishes': 0.02, 'mqtt-packets': 0.01 } as const;

export async function runFuzz(options: FuzzOptions): Promise<Tally> {
  const tally = new Tally();
  const logs = captureLogs(options.verbose ?? false);
  let current = 'setup';
  const onProcessError = (error: unknown) => void tally.add({ kind: 'crash', target: 'process', subject: current, error: `uncaught ${describeError(error)}`, input: `during ${current}` });
  process.on('uncaughtException', onProcessError);
  process.on('unhandledRejection', onProcessError);
  const world = await createWorld(logs);
  const sql = await sqlGuardTarget(world);
  const publishes = mqttPublishesTarget(world);
  try {
    const targets: Array<{ target: AnyTarget; left: number }> = [
      { target: bindTarget(operationsTarget(world), tally), left: 0 },
      { target: bindTarget(await ingestCodecsTarget(world), tally), left: 0 },
      { target: bindTarget(sql, tally), left: 0 },
      { target: bindTarget(publishes, tally), left: 0 },
      { target: bindTarget(mqttPacketsTarget(world), tally), left: 0 },
    ];
    const names = Object.keys(SHARES) as Array<keyof typeof SHARES>;
    let assigned = 0;
    targets.forEach((entry, i) => {
      const share = i === targets.length - 1 ? options.inputs - assigned : Math.round(options.inputs * SHARES[names[i] as keyof typeof SHARES]);
      entry.left = Math.max(0, share);
      assigned += entry.left;
    });
    const batchSize = options.batchSize ?? 250;
    const started = Date.now();
    let round = 0;
    while (targets.some((e) => e.left > 0)) {
      if (options.timeBudgetMs !== undefined && Date.now() - started > options.timeBudgetMs) {
        options.progress?.(`time budget of ${Math.round(options.timeBudgetMs / 1000)} s spent; stopping with ${targets.reduce((n, e) => n + e.left, 0)} inputs not run`);
        break;
      }
      for (const entry of targets) {
        if (entry.left === 0) continue;
        const n = Math.min(batchSize, entry.left);
        current = entry.target.name;
        // A fixed seed per (run seed, target, round): any batch can be replayed alone.
        const t0 = Date.now();
        await entry.target.runBatch(n, mix(options.seed, entry.target.name, round));
        entry.left -= n;
        current = `checks after ${entry.target.name}`;
        const t1 = Date.now();
        await checkWorld(world, tally, `${entry.target.name} round ${round}`);
        tally.addTime(entry.target.name, t1 - t0);
        tally.addTime('checks', Date.now() - t1);
      }
      round++;
      options.progress?.(`round ${round}: ${tally.inputs} inputs, ${tally.counts.crash} crashes, ${tally.counts.hung} hung, ${tally.counts.unaudited} unaudited, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    // Calls that hung may still finish and write their audit record: one last count.
    await checkWorld(world, tally, 'the last round');
  } finally {
    sql.close();
    await publishes.close();
    await world.close().catch((error: unknown) => tally.add({ kind: 'crash', target: 'process', subject: 'shutdown', error: describeError(error), input: 'closing the platform' }));
    logs.restore();
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
  }
  return tally;
}

function mix(seed: number, name: string, round: number): number {
  let h = seed ^ 0x9e3779b9;
  for (const ch of `${name}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}
