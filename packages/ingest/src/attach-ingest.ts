import { hostname } from 'node:os';
import type { Config } from '@facilflow/config';
import type { Services, TelemetryObserver } from '@facilflow/core';
import { connectIngress, type AgentTelemetry, type EmbeddedBroker, type Ingress } from '@facilflow/messaging';
import { createIngest, type Ingest, type IngestOptions } from './create-ingest.ts';
import { consoleIngestLog, errorMessage } from './log.ts';
import { standardObservers } from './standard-observers.ts';
import { startTelemetryConsumers } from './telemetry-consumers.ts';

export interface AttachIngestOptions extends Omit<IngestOptions, 'services'> {
  /**
   * Consumers of the written-telemetry stream run in this process beside ingest; default the
   * standard ones (data quality, lineage). `[]` when another process (the worker role) runs
   * them, or when nobody should.
   */
  consumers?: readonly TelemetryObserver[];
  /** Consumer names the stream holds batches for before they subscribe (worker processes that start later). */
  holdFor?: readonly string[];
  /**
   * External broker: how many receivers this node runs (default 4). Each handles one
   * message at a time (the PUBACK follows the write), so several keep several writes in
   * flight for the store to commit together; they share the subscription with every
   * other node's receivers (`$share/ingest/...`).
   */
  receivers?: number;
  /**
   * External broker: this node's stable name in the receivers' client ids
   * (`ingest_<node>_<n>`), so a restarted node takes its sessions back, with the messages
   * they had not acknowledged. Default: the host name.
   */
  nodeId?: string;
}

/** What ingest takes from the composed platform (@facilflow/platform's Platform is one): its configuration, services and MQTT side. */
export interface IngestHost {
  config: Config;
  services: Services;
  edge: { broker: EmbeddedBroker | null; setTelemetryHandler(handler: ((telemetry: AgentTelemetry) => Promise<void>) | null): void } | null;
}

export interface AttachedIngest {
  ingest: Ingest;
  close(): Promise<void>;
}

/**
 * Connects ingest to the platform's broker: the embedded one hands telemetry over in
 * process, before the agent's PUBACK; an external one (MQTT_URL) is read through shared
 * subscriptions on persistent MQTT 5 sessions.
 */
export async function attachIngest(platform: IngestHost, options: AttachIngestOptions = {}): Promise<AttachedIngest> {
  const { receivers: receiverCount = 4, nodeId = hostname(), ...ingestOptions } = options;
  const log = options.log ?? consoleIngestLog;
  const { consumers: given, holdFor = [], ...rest } = ingestOptions;
  for (const name of holdFor) await platform.services.writtenTelemetry.register(name);
  const consumers = await startTelemetryConsumers(platform.services.writtenTelemetry, given ?? standardObservers(platform.services, log), { log });
  const ingest = createIngest({ decodeThreads: platform.config.ingest.decodeThreads, ...rest, services: platform.services });
  const { config, edge } = platform;
  // Ingest first (what is in flight reaches the stream), then the consumers read what is left.
  const closeAll = () => ingest.close().finally(() => consumers.close());

  if (config.mqtt.kind === 'embedded') {
    if (!edge?.broker) {
      await closeAll();
      throw new Error('ingest needs the embedded MQTT broker: create the platform with { startBroker: true }');
    }
    edge.setTelemetryHandler(ingest.handleAgentTelemetry);
    return {
      ingest,
      // The handler stays: once ingest is closed it refuses, so the broker gives no PUBACK and agents send again later.
      close: closeAll,
    };
  }

  const node = nodeId.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').slice(0, 40) || 'node';
  const receivers: Ingress[] = [];
  try {
    for (let i = 0; i < receiverCount; i++) {
      receivers.push(
        await connectIngress({
          url: config.mqtt.url,
          username: config.mqtt.service.username,
          password: config.mqtt.service.password,
          clientId: `ingest_${node}_${i}`,
          shared: true,
          protocolVersion: 5,
          handler: ingest.handleMqttMessage,
          log,
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(receivers.map((receiver) => receiver.close({ force: true })));
    await closeAll();
    throw error;
  }
  return {
    ingest,
    async close() {
      // Receivers first: each lets its message in hand finish and be acknowledged, then disconnects.
      const closed = await Promise.allSettled(receivers.map((receiver) => receiver.close()));
      for (const outcome of closed) if (outcome.status === 'rejected') log.warn('ingest receiver did not close cleanly', { error: errorMessage(outcome.reason) });
      await closeAll();
    },
  };
}
