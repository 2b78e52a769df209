/**
 * Edge-agent benchmark (issue 3): the real agent binary against real node-opcua simulators
 * (50,000 tags changing every second and 1,000 every 100 ms, over several server processes)
 * and the real embedded broker, all on 127.0.0.1, each in its own process. Reports the
 * notifications/s the agent handles, its CPU and RSS, and source-timestamp → publish latency.
 *
 *   npm run bench -- agent [--quick]      (or: npx tsx bench/agent/main.ts [--quick])
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchAgentConfig } from './agent-config.ts';
import { spawnAgent, type AgentProcess } from './agent-process.ts';
import { BenchBroker } from './broker.ts';
import { parseOptions } from './options.ts';
import { CpuMeter, memory } from './proc.ts';
import { lastLine, table, type AgentFigures } from './report.ts';
import { split, startShards, stopChild, stopShards, type Shard } from './shards.ts';

const MiB = 1024 * 1024;
const SUBSCRIBED_TIMEOUT_MS = 120_000;

const options = parseOptions(process.argv.slice(2));
const log = (message: string): void => console.log(`[agent bench ${(performance.now() / 1000).toFixed(1)} s] ${message}`);
const workDir = await mkdtemp(join(tmpdir(), 'facilflow-bench-agent-'));
// Kept across runs: a simulator's PKI (an RSA key) takes seconds to make.
const pkiDir = join(tmpdir(), 'facilflow-bench-agent-pki');
const broker = new BenchBroker();
let shards: Shard[] = [];
let agent: AgentProcess | null = null;

async function cleanUp(): Promise<void> {
  if (agent) await stopChild(agent.child);
  await stopShards(shards);
  await broker.close();
  await rm(workDir, { recursive: true, force: true });
}

// Ctrl-C: the shards follow their IPC channel down, the agent (no channel) must be told.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await broker.start();
  log(`starting ${options.shards} simulator shards: ${options.slowTags.toLocaleString('en-US')} tags at 1 s + ${options.fastTags.toLocaleString('en-US')} at 100 ms`);
  shards = await startShards(split(options.slowTags, options.shards), split(options.fastTags, options.shards), pkiDir);
  const identity = broker.enrol('bench', 'bench_agent');
  await broker.watch(identity);
  const config = benchAgentConfig(shards, options.sampling);
  log(`starting the agent (${config.sources.length} sources, ${options.sampling}-based sampling)`);
  agent = await spawnAgent(join(workDir, 'agent'), identity, config);
  const expected = options.slowTags + options.fastTags;
  const subscribedBy = performance.now() + SUBSCRIBED_TIMEOUT_MS;
  while (monitored(broker) < expected) {
    if (agent.child.exitCode !== null) throw new Error(`the agent exited (${agent.child.exitCode}):\n${agent.logTail.join('\n')}`);
    if (performance.now() > subscribedBy) throw new Error(`only ${monitored(broker)} of ${expected} items monitored after ${SUBSCRIBED_TIMEOUT_MS} ms`);
    await sleep(250);
  }
  log(`all ${expected.toLocaleString('en-US')} items monitored; warming up ${options.warmupS} s`);
  await sleep(options.warmupS * 1000);

  log(`measuring ${options.measureS} s`);
  const figures = await measure(broker, agent, shards, options.measureS);
  console.log(table(figures));
  console.log(lastLine(figures));
} catch (e) {
  if (agent) console.error(`agent log tail:\n${agent.logTail.join('\n')}`);
  throw e;
} finally {
  await cleanUp();
}

function monitored(b: BenchBroker): number {
  return b.sources.reduce((sum, source) => sum + (source.state === 'connected' ? source.monitoredItems : 0), 0);
}

/** One steady window: counters from zero, CPU from /proc deltas, RSS sampled every second. */
async function measure(b: BenchBroker, a: AgentProcess, s: readonly Shard[], seconds: number): Promise<AgentFigures> {
  const agentCpu = new CpuMeter(a.pid);
  const shardCpu = s.map(({ child }) => new CpuMeter(child.pid ?? 0));
  const selfCpu = new CpuMeter(process.pid);
  const from = Date.now();
  b.resetCounters();
  const rss: number[] = [];
  for (let i = 0; i < seconds; i += 1) {
    await sleep(1000);
    rss.push(memory(a.pid).rss);
  }
  const windowS = (Date.now() - from) / 1000;
  // Heartbeats whose interval lies inside the window (each one reports the second before it).
  const beats = b.heartbeats.filter((h) => h.at > from + 1000);
  const last = b.heartbeats.at(-1);
  return {
    windowS: Math.round(windowS),
    notificationsPerS: mean(beats.map((h) => h.notificationsPerSecond)),
    pointsAtBrokerPerS: b.points / windowS,
    batchesPerS: b.batches / windowS,
    meanBatchPoints: b.batches === 0 ? 0 : b.points / b.batches,
    cpuCores: agentCpu.cores(),
    rssSteadyMiB: mean(rss) / MiB,
    rssPeakMiB: memory(a.pid).hwm / MiB,
    p50PublishMs: b.toPublish.quantile(0.5),
    p99PublishMs: b.toPublish.quantile(0.99),
    p99BrokerMs: b.toBroker.quantile(0.99),
    maxBufferBatches: Math.max(0, ...beats.map((h) => h.bufferBatches)),
    lastBufferBatches: last?.bufferBatches ?? 0,
    droppedPoints: last?.droppedPoints ?? 0,
    simulatorCores: shardCpu.reduce((sum, meter) => sum + meter.cores(), 0),
    brokerCores: selfCpu.cores(),
    monitoredItems: monitored(b),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}
