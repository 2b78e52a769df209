/**
 * One simulator shard, run as its own process (forked by shards.ts with an IPC channel): the
 * demo plant plus a slice of the synthetic bench tags, on a free port of 127.0.0.1. One
 * node-opcua server cannot feed 51,000 monitored items fast enough on its own, so the load is
 * spread over several servers, as over several PLCs.
 *
 * argv: <slowCount> <fastCount> <dataDir>. Sends { endpointUrl, slow, fast } (the NodeIds) once
 * listening; stops on SIGTERM or when the parent goes away.
 */
import { loadPlantModel, startPlantSimulator } from '@facilflow/simulator';
import type { ShardReady } from './shards.ts';

const [slowText = '0', fastText = '0', dataDir] = process.argv.slice(2);
const specs = [
  { count: Number(slowText), samplingIntervalMs: 1000 },
  { count: Number(fastText), samplingIntervalMs: 100 },
].filter((spec) => spec.count > 0);

const simulator = await startPlantSimulator({ model: await loadPlantModel(), port: 0, extraTags: specs, dataDir });
const idsOf = (intervalMs: number): readonly string[] => simulator.nodeIds.extra[specs.findIndex((s) => s.samplingIntervalMs === intervalMs)] ?? [];
const ready: ShardReady = { endpointUrl: simulator.endpointUrl, slow: idsOf(1000), fast: idsOf(100) };
process.send?.(ready);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  simulator.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
