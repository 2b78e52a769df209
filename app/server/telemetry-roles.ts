import type { Config } from '@facilflow/config';
import { timedTelemetryConsumers, type Observability } from '@facilflow/observability';
import { attachIngest, consoleIngestLog, standardObservers, startTelemetryConsumers, STANDARD_CONSUMER_NAMES, type Platform, type TelemetryObserver } from '@facilflow/platform';

/**
 * The telemetry side of the roles: `ingest` receives, stores and appends to the
 * written-telemetry stream; `worker` runs the stream's consumers (quality, lineage). In one
 * process they run together; at scale (Redis) ingest holds the stream for the consumers'
 * names and workers anywhere read it. Returns the closers, first to run first: ingest
 * finishes what it holds while the consumers and the stores are still open.
 */
export async function startTelemetryRoles(
  config: Config,
  platform: Platform,
  observability: Observability,
  consumers?: readonly TelemetryObserver[],
): Promise<Array<() => Promise<void>>> {
  const metrics = observability.metrics.ingest;
  const runsIngest = config.roles.includes('ingest');
  const runsWorker = config.roles.includes('worker');
  const stream = platform.services.writtenTelemetry;
  const timed = () => timedTelemetryConsumers(metrics, consumers ?? standardObservers(platform.services, consoleIngestLog));
  observability.metrics.stream.readFrom(stream);
  if (runsIngest) {
    const ingest = await attachIngest(platform, {
      consumers: runsWorker ? timed() : [],
      holdFor: runsWorker ? [] : STANDARD_CONSUMER_NAMES,
      onDurable: (batch) => metrics.lag.observe(Math.max(0, Date.now() - batch.receivedAt.getTime()) / 1000),
    });
    metrics.readFrom(ingest.ingest);
    return [ingest.close];
  }
  if (runsWorker) {
    const running = await startTelemetryConsumers(stream, timed(), { log: consoleIngestLog });
    return [running.close];
  }
  return [];
}
