import type { AgentHeartbeat, AgentStatus } from '@facilflow/contracts';
import type { MqttClient } from 'mqtt';
import type { BufferStats } from '../buffer/batch-buffer.ts';
import { errorMessage, type Logger } from '../log.ts';
import type { SourceCounters, SourceSnapshot } from '../opcua/source-connection.ts';

const OFFLINE_STATUS_TIMEOUT_MS = 2000;

/** Why the last remote config was refused; the running config stays. */
export interface ConfigRejection {
  version: number | null;
  error: string;
  at: number;
}

/**
 * The status the agent publishes: agentStatusSchema plus what the contract has no field for
 * yet — the last config rejection and, per source, the values dropped for a Bad status or an
 * unsupported type. zod's default object parsing strips the extras, so readers that only know
 * the contract still parse it.
 */
export type PublishedStatus = AgentStatus & { sources: SourceSnapshot[]; configError: ConfigRejection | null };

export interface AgentStateView {
  agentId: string;
  version: string;
  startedAt: number;
  appliedConfigVersion(): number | null;
  configError(): ConfigRejection | null;
  sources(): SourceSnapshot[];
  buffer(): BufferStats;
  publishedBatches(): number;
  counters: SourceCounters;
}

export interface StatusReporterOptions {
  client: MqttClient;
  statusTopic: string;
  heartbeatTopic: string;
  state: AgentStateView;
  heartbeatIntervalMs: number;
  log: Logger;
}

export function buildStatus(view: AgentStateView, state: 'online' | 'offline'): PublishedStatus {
  return {
    agentId: view.agentId,
    state,
    version: view.version,
    startedAt: view.startedAt,
    at: Date.now(),
    appliedConfigVersion: view.appliedConfigVersion(),
    sources: state === 'online' ? view.sources() : [],
    configError: view.configError(),
  };
}

/**
 * Retained status (QoS 1) on every connection and whenever something in it changes, and a
 * heartbeat (QoS 0, not retained) every interval. Neither is queued while the broker is away:
 * a status or heartbeat from the past is not worth sending late; a fresh status goes out on
 * reconnect.
 */
export class StatusReporter {
  readonly #options: StatusReporterOptions;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #statusQueued = false;
  #lastPublished = '';
  #previous = { at: Date.now(), cpu: process.cpuUsage(), notifications: 0, points: 0 };
  #lastHeartbeat: AgentHeartbeat | null = null;
  #stopped = false;

  constructor(options: StatusReporterOptions) {
    this.#options = options;
    // A fresh status and, at once, a heartbeat: the server sees the backlog the outage left behind.
    options.client.on('connect', () => {
      this.#lastPublished = '';
      this.statusChanged();
      this.#beat();
    });
    this.setHeartbeatInterval(options.heartbeatIntervalMs);
  }

  status(state: 'online' | 'offline'): PublishedStatus {
    return buildStatus(this.#options.state, state);
  }

  /** Publishes the status soon (changes in one tick are sent once), if it differs from the last one sent. */
  statusChanged(): void {
    if (this.#statusQueued) return;
    this.#statusQueued = true;
    setImmediate(() => {
      this.#statusQueued = false;
      const { client, statusTopic } = this.#options;
      // Never after stop(): an online status would overwrite the retained offline one.
      if (!client.connected || this.#stopped) return;
      const status = this.status('online');
      const fingerprint = JSON.stringify({ ...status, at: 0 });
      if (fingerprint === this.#lastPublished) return;
      this.#lastPublished = fingerprint;
      client.publish(statusTopic, JSON.stringify(status), { qos: 1, retain: true });
    });
  }

  setHeartbeatInterval(ms: number): void {
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = setInterval(() => this.#beat(), ms);
    this.#heartbeatTimer.unref();
  }

  /** The last heartbeat computed, or null before the first interval. */
  lastHeartbeat(): AgentHeartbeat | null {
    return this.#lastHeartbeat;
  }

  /** Publishes the retained offline status (a graceful stop, when the last will would not fire) and stops the heartbeat. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
    const { client, statusTopic, log } = this.#options;
    if (!client.connected) return;
    let timer: NodeJS.Timeout | undefined;
    // Bounded: should the connection drop now, the PUBACK would never come (the last will covers it).
    await Promise.race([
      client.publishAsync(statusTopic, JSON.stringify(this.status('offline')), { qos: 1, retain: true }).catch((e: unknown) => {
        log.warn('could not publish the offline status', { error: errorMessage(e) });
      }),
      new Promise((resolve) => {
        timer = setTimeout(resolve, OFFLINE_STATUS_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  #beat(): void {
    const heartbeat = this.#measure();
    this.#lastHeartbeat = heartbeat;
    const { client, heartbeatTopic } = this.#options;
    if (client.connected) client.publish(heartbeatTopic, JSON.stringify(heartbeat), { qos: 0 });
    // Dropped-value counts only move between state changes: the heartbeat carries them into the status.
    this.statusChanged();
  }

  #measure(): AgentHeartbeat {
    const view = this.#options.state;
    const now = Date.now();
    const cpu = process.cpuUsage();
    const elapsedMs = Math.max(1, now - this.#previous.at);
    const cpuMicros = cpu.user - this.#previous.cpu.user + (cpu.system - this.#previous.cpu.system);
    const { notifications, points } = view.counters;
    const buffer = view.buffer();
    const heartbeat: AgentHeartbeat = {
      agentId: view.agentId,
      at: now,
      uptimeS: (now - view.startedAt) / 1000,
      cpuPercent: round((cpuMicros / 1000 / elapsedMs) * 100),
      rssBytes: process.memoryUsage.rss(),
      bufferBatches: buffer.batches,
      bufferBytes: buffer.bytes,
      droppedBatches: buffer.droppedBatches,
      droppedPoints: buffer.droppedPoints,
      notificationsPerSecond: round(((notifications - this.#previous.notifications) * 1000) / elapsedMs),
      pointsPerSecond: round(((points - this.#previous.points) * 1000) / elapsedMs),
      publishedBatches: view.publishedBatches(),
      appliedConfigVersion: view.appliedConfigVersion(),
    };
    this.#previous = { at: now, cpu, notifications, points };
    return heartbeat;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
