import { hostname } from 'node:os';
import type { Config } from '@facilflow/config';
import type { Services } from '@facilflow/core';
import { connectIngress, type AgentTelemetry, type EmbeddedBroker, type Ingress } from '@facilflow/messaging';
import { createIngest, type Ingest, type IngestOptions } from './create-ingest.ts';
import { consoleIngestLog, errorMessage } from './log.ts';
import { standardObservers } from './standard-observers.ts';

export interface AttachIngestOptions extends Omit<IngestOptions, 'services'> {
  /** Default: the standard ones (data quality, lineage). */
  observers?: IngestOptions['observers'];
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
  const observers = ingestOptions.observers ?? standardObservers(platform.services, log);
  const ingest = createIngest({ ...ingestOptions, observers, services: platform.services });
  const { config, edge } = platform;

  if (config.mqtt.kind === 'embedded') {
    if (!edge?.broker) {
      await ingest.close();
      throw new Error('ingest needs the embedded MQTT broker: create the platform with { startBroker: true }');
    }
    edge.setTelemetryHandler(ingest.handleAgentTelemetry);
    return {
      ingest,
      // The handler stays: once ingest is closed it refuses, so the broker gives no PUBACK and agents send again later.
      close: () => ingest.close(),
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
    await ingest.close();
    throw error;
  }
  return {
    ingest,
    async close() {
      // Receivers first: each lets its message in hand finish and be acknowledged, then disconnects.
      const closed = await Promise.allSettled(receivers.map((receiver) => receiver.close()));
      for (const outcome of closed) if (outcome.status === 'rejected') log.warn('ingest receiver did not close cleanly', { error: errorMessage(outcome.reason) });
      await ingest.close();
    },
  };
}
