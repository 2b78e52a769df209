import { randomBytes } from 'node:crypto';
import { startEmbeddedBroker, type EmbeddedBroker } from '@facilflow/messaging';
import { onCleanup } from '../lib/cleanup.ts';

export interface NodeRedBroker {
  broker: EmbeddedBroker;
  /** Client ids starting with this connect; the broker refuses any other. */
  clientIdPrefix: string;
}

/**
 * The broker Node-RED's flow talks to: the platform's own embedded broker (aedes, the same code
 * and ACL as the one ingest sits behind), a second instance on a free port of 127.0.0.1. The
 * platform's instance admits agents (who may not read other agents' telemetry) and the
 * platform's own services, whose password never leaves its process, so Node-RED could not
 * subscribe there; here the bench's clients log in as services by a client id made for this run.
 */
export async function startNodeRedBroker(): Promise<NodeRedBroker> {
  const clientIdPrefix = `bench_${randomBytes(6).toString('hex')}`;
  const report = (message: string, details: Record<string, unknown>) => console.error(`node-red broker: ${message} ${JSON.stringify(details)}`);
  const broker = await startEmbeddedBroker({
    authenticate: async (clientId) => (clientId.startsWith(clientIdPrefix) ? { kind: 'service', name: clientId } : null),
    log: { warn: report, error: report },
  });
  onCleanup('node-red broker', () => broker.close());
  return { broker, clientIdPrefix };
}
