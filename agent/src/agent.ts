import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { agentConfigSchema, agentTopic, telemetrySubtopicOfCodec, type AgentConfig, type AgentHeartbeat } from '@facilflow/contracts';
import type { MqttClient } from 'mqtt';
import type { z } from 'zod';
import { Batcher } from './batching/batcher.ts';
import { openBatchBuffer, type BatchBuffer, type BufferStats } from './buffer/batch-buffer.ts';
import { CommandHandler, type FlushResult } from './commands/command-handler.ts';
import { readAppliedConfig } from './config/config-files.ts';
import { ConfigManager } from './config/config-manager.ts';
import { readIdentity, type AgentIdentity } from './enroll/identity-file.ts';
import { createJsonLogger, errorMessage, type Logger } from './log.ts';
import { createCertificateManager } from './opcua/client-options.ts';
import type { SourceCounters, SourceSnapshot } from './opcua/source-connection.ts';
import { SourceSet } from './opcua/source-set.ts';
import { connectAgentMqtt, describeUrl } from './publisher/mqtt-connection.ts';
import { buildStatus, StatusReporter, type AgentStateView, type ConfigRejection } from './publisher/status-reporter.ts';
import { TelemetryPublisher } from './publisher/telemetry-publisher.ts';
import { AGENT_VERSION } from './version.ts';

export interface StartAgentOptions {
  /** Identity, buffer, PKI and the last applied remote config live here. */
  dataDir: string;
  /** Default: `<dataDir>/identity.json`, written by `enroll`. */
  identity?: AgentIdentity;
  /**
   * The starting config until a remote one arrives (e.g. `--config file.json`). If the data dir
   * holds a remote config applied earlier with a higher version, that one starts instead.
   */
  config?: z.input<typeof agentConfigSchema>;
  /** Default: JSON lines on stderr at level info. */
  log?: Logger;
}

export interface AgentStats {
  mqttConnected: boolean;
  appliedConfigVersion: number | null;
  configError: ConfigRejection | null;
  sources: SourceSnapshot[];
  buffer: BufferStats;
  /** Since start: data-change notifications received, points produced, batches acknowledged by the broker. */
  notifications: number;
  points: number;
  publishedBatches: number;
  /** The last heartbeat measured (rates, CPU, RSS), null before the first interval. */
  lastHeartbeat: AgentHeartbeat | null;
}

export interface RunningAgent {
  readonly identity: AgentIdentity;
  stats(): AgentStats;
  /** Closes the open batch and delivers the whole backlog; resolves when done or when `signal` aborts. */
  flush(signal?: AbortSignal): Promise<FlushResult>;
  /** Stops sources, keeps unsent batches on disk, publishes the offline status, disconnects. */
  stop(): Promise<void>;
}

/** How long a stop may spend delivering the backlog, and then waiting for in-flight acknowledgements. */
const STOP_FLUSH_TIMEOUT_MS = 2000;
const DISCONNECT_TIMEOUT_MS = 5000;

/**
 * Starts the edge agent: OPC UA sources → batcher → durable buffer → MQTT publisher, with
 * status, heartbeat, remote config and commands on the agent's topics.
 */
export async function startAgent(options: StartAgentOptions): Promise<RunningAgent> {
  const { dataDir } = options;
  const identity = options.identity ?? (await readIdentity(dataDir));
  const log = (options.log ?? createJsonLogger()).child({ agentId: identity.agentId });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const initialConfig = await startingConfig(dataDir, options.config);
  const startedAt = Date.now();
  const topic = (kind: Parameters<typeof agentTopic>[2]): string => agentTopic(identity.tenantId, identity.agentId, kind);

  const limits = agentConfigSchema.shape.buffer.parse(initialConfig?.buffer);
  const buffer = await openBatchBuffer({ dir: join(dataDir, 'buffer'), ...limits, log: log.child({ component: 'buffer' }) });
  const batcher = new Batcher(agentConfigSchema.shape.batch.parse(initialConfig?.batch), (body, count) => buffer.append(body, count));
  const certificateManager = createCertificateManager(join(dataDir, 'pki'));
  const counters: SourceCounters = { notifications: 0, points: 0 };
  const sources = new SourceSet({
    certificateManager,
    counters,
    onPoint: (binding, value, timeMs) => batcher.add(binding, value, timeMs),
    onChange: () => reporter.statusChanged(),
    log: log.child({ component: 'opcua' }),
  });
  const configs = new ConfigManager({
    dataDir,
    log: log.child({ component: 'config' }),
    onChange: () => reporter.statusChanged(),
    apply: async (config: AgentConfig, previous: AgentConfig | null) => {
      batcher.setLimits(config.batch);
      buffer.setLimits(config.buffer);
      if (config.heartbeatIntervalMs !== previous?.heartbeatIntervalMs) reporter.setHeartbeatInterval(config.heartbeatIntervalMs);
      await sources.apply(config.sources);
    },
  });
  const view: AgentStateView = {
    agentId: identity.agentId,
    version: AGENT_VERSION,
    startedAt,
    appliedConfigVersion: () => configs.appliedVersion(),
    configError: () => configs.rejection(),
    sources: () => sources.snapshots(),
    buffer: () => buffer.stats(),
    publishedBatches: () => publisher.published,
    counters,
  };

  const client = connectAgentMqtt({ identity, statusTopic: topic('status'), lastWill: () => JSON.stringify(buildStatus(view, 'offline')), log: log.child({ component: 'mqtt' }) });
  const reporter = new StatusReporter({
    client,
    statusTopic: topic('status'),
    heartbeatTopic: topic('heartbeat'),
    state: view,
    heartbeatIntervalMs: initialConfig?.heartbeatIntervalMs ?? agentConfigSchema.shape.heartbeatIntervalMs.parse(undefined),
    log,
  });
  const telemetryTopics = { json: topic('telemetry'), msgpack: agentTopic(identity.tenantId, identity.agentId, 'telemetry', telemetrySubtopicOfCodec('msgpack')) };
  const publisher = new TelemetryPublisher({ client, buffer, topics: telemetryTopics, agentId: identity.agentId, log });
  const flush = (signal: AbortSignal): Promise<FlushResult> => flushAll(batcher, buffer, publisher, signal);
  const commands = new CommandHandler({
    client,
    tenantId: identity.tenantId,
    agentId: identity.agentId,
    protocolVersion: identity.mqtt.protocolVersion,
    sources,
    flush,
    log: log.child({ component: 'commands' }),
  });

  client.on('connect', () => {
    client.subscribe([topic('config'), topic('commands')], { qos: 1 }, (error, granted) => {
      const refused = (granted ?? []).filter((g) => g.qos >= 0x80).map((g) => g.topic);
      if (error || refused.length > 0) log.error('subscription refused', { error: error?.message, refused });
    });
  });
  client.on('message', (messageTopic, payload, packet) => {
    if (messageTopic === topic('config')) {
      void configs.handleRemote(payload).catch((e: unknown) => log.error('config handling failed', { error: errorMessage(e) }));
    } else if (messageTopic === topic('commands')) {
      commands.handle(payload, packet);
    }
  });

  if (initialConfig) await configs.applyInitial(initialConfig);
  else log.info('no config yet: waiting for one on the config topic', { topic: topic('config') });
  log.info('agent started', { version: AGENT_VERSION, dataDir, broker: describeUrl(identity.mqtt.url), backlog: buffer.stats().batches });

  let stopping: Promise<void> | null = null;
  return {
    identity,
    stats: () => ({
      mqttConnected: client.connected,
      appliedConfigVersion: configs.appliedVersion(),
      configError: configs.rejection(),
      sources: sources.snapshots(),
      buffer: buffer.stats(),
      notifications: counters.notifications,
      points: counters.points,
      publishedBatches: publisher.published,
      lastHeartbeat: reporter.lastHeartbeat(),
    }),
    flush: (signal = new AbortController().signal) => flush(signal),
    stop: () => {
      stopping ??= (async () => {
        await sources.stop();
        // The open batch and the backlog go out now if the broker is there (briefly); what does not stays on disk for the next run.
        if (client.connected) await flush(AbortSignal.timeout(STOP_FLUSH_TIMEOUT_MS));
        else batcher.flush();
        publisher.stop();
        await reporter.stop();
        await disconnect(client);
        await buffer.close();
        await certificateManager.dispose();
        log.info('agent stopped', { backlog: buffer.stats().batches });
      })();
      return stopping;
    },
  };
}

/** The remote config applied before (persisted), or the given one, whichever has the higher version. */
async function startingConfig(dataDir: string, given: StartAgentOptions['config']): Promise<AgentConfig | null> {
  const local = given === undefined ? null : agentConfigSchema.parse(given);
  const persisted = await readAppliedConfig(dataDir);
  if (!persisted) return local;
  if (!local) return persisted;
  return persisted.version > local.version ? persisted : local;
}

async function flushAll(batcher: Batcher, buffer: BatchBuffer, publisher: TelemetryPublisher, signal: AbortSignal): Promise<FlushResult> {
  batcher.flush();
  const before = buffer.stats();
  const last = before.nextSeq - 1;
  publisher.pump();
  const drained = await new Promise<boolean>((resolve) => {
    const check = (): void => {
      if (buffer.stats().firstUnacked > last) finish(true);
      else if (signal.aborted) finish(false);
    };
    const finish = (result: boolean): void => {
      unsubscribe();
      signal.removeEventListener('abort', check);
      resolve(result);
    };
    const unsubscribe = buffer.onChange(check);
    signal.addEventListener('abort', check);
    check();
  });
  return { batchesBefore: before.batches, batchesAfter: buffer.stats().batches, drained };
}

/**
 * DISCONNECT once in-flight publishes are acknowledged (or after a bounded wait), so the broker
 * drops the last will; a hard close when the broker is not there to say goodbye to.
 */
async function disconnect(client: MqttClient): Promise<void> {
  if (client.connected && Object.keys(client.outgoing).length > 0) {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      client.once('outgoingEmpty', resolve);
      timer = setTimeout(resolve, DISCONNECT_TIMEOUT_MS);
    });
    clearTimeout(timer);
  }
  await client.endAsync(!client.connected || Object.keys(client.outgoing).length > 0);
}
