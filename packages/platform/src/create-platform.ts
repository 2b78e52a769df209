import { createHmac } from 'node:crypto';
import type { Config } from '@facilflow/config';
import { createFirebaseIdentity } from '@facilflow/auth/firebase';
import { createDatabase, type Database } from '@facilflow/db/client';
import { createAlertNoticeSink, unreachableAgentControl, type Services } from '@facilflow/core';
import type { AlertNoticeSink } from '@facilflow/contracts';
import { createEdgeMessaging, type EdgeMessaging } from './create-agent-control.ts';
import { createBullMqQueue, createInProcessBus, createInProcessQueue, createRedisBus } from '@facilflow/messaging';
import { createLocalObjectStorage } from '@facilflow/storage';
import { createDirectory } from './create-directory.ts';
import { createTimeSeriesStore } from './create-time-series-store.ts';
import { createWrittenTelemetryStream } from './create-written-telemetry-stream.ts';
import { resolveSecret } from './resolve-secret.ts';

export interface Platform {
  config: Config;
  services: Services;
  /** Signs confirmation tokens. */
  secret: string;
  /** The MQTT side, when this process runs or reaches a broker. */
  edge: EdgeMessaging | null;
  /** Where the alert engine hands each transition: notifications record it in their outbox before it returns. */
  alertNotices: AlertNoticeSink;
  close(): Promise<void>;
}

/**
 * Composes the stores and providers the configuration names. A caller that already
 * owns a database (tests, the CLI) passes it in and keeps closing it.
 */
export interface PlatformOptions {
  /** A database the caller owns and closes (tests, the CLI). */
  db?: Database;
  /**
   * Start the embedded MQTT broker (the server does; one-shot processes such as the CLI
   * must not). With an external broker (MQTT_URL) the platform always connects to it.
   */
  startBroker?: boolean;
  /** Where the alert engine and the alert operations hand each stored transition (notifications); absent, none. */
  alertNoticeSink?: AlertNoticeSink;
}

export async function createPlatform(config: Config, given?: PlatformOptions): Promise<Platform> {
  const db = given?.db ?? (await createDatabase(config.database));
  if (!given?.db) await db.migrate();
  const directory = createDirectory(config, db);
  const identity = createFirebaseIdentity(config.firebase);
  const timeseries = createTimeSeriesStore(config);
  const bus = config.redis ? await createRedisBus({ url: config.redis.url, prefix: config.redis.prefix }) : createInProcessBus();
  const writtenTelemetry = await createWrittenTelemetryStream(config);
  const queue = config.redis ? await createBullMqQueue({ url: config.redis.url, prefix: `${config.redis.prefix}queue` }) : createInProcessQueue();
  const objects = createLocalObjectStorage({ root: config.objects.dir });
  // Broker callbacks need the services that the broker is part of: they read them late.
  const late: { services?: Services } = {};
  const edge =
    config.mqtt.kind === 'external' || given?.startBroker
      ? await createEdgeMessaging(config, () => {
          if (!late.services) throw new Error('services are not ready yet');
          return late.services;
        })
      : null;
  const secret = resolveSecret(config);
  const services: Services = {
    db,
    directory: directory.directory,
    identity,
    agentControl: edge?.control ?? unreachableAgentControl(),
    timeseries,
    bus,
    queue,
    writtenTelemetry,
    objects,
    outbound: { httpHosts: config.pipelines.httpHosts, signingKey: createHmac('sha256', secret).update('facilflow:pipeline-outbound').digest('hex') },
    timeseriesDialect: config.timeseries.kind,
    publicUrl: config.http.publicUrl,
    limits: { tenantsPerUser: config.limits.tenantsPerUser },
    operatorTenantId: config.workers.operatorTenantId,
    alertNotices: given?.alertNoticeSink,
    now: () => new Date(),
  };
  // Notifications by default: their sink records each transition in the outbox the dispatcher sends from.
  services.alertNotices ??= createAlertNoticeSink(services);
  late.services = services;
  return {
    config,
    secret,
    services,
    edge,
    alertNotices: services.alertNotices,
    async close() {
      await edge?.close();
      await writtenTelemetry.close();
      await objects.close();
      await queue.close();
      await timeseries.close();
      await bus.close();
      await identity.close();
      await directory.close();
      if (!given?.db) await db.close();
    },
  };
}
