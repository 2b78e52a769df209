import { setTimeout as sleep } from 'node:timers/promises';
import type { FieldValue, OpcUaSource } from '@facilflow/contracts';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { OPCUAClient, type ClientSession, type ClientSubscription, type DataValue } from 'node-opcua-client';
import { errorMessage, type Logger } from '../log.ts';
import { clientOptions, userIdentity } from './client-options.ts';
import { fieldValueOf } from './field-value.ts';
import { createMonitoredItems, type RefusedItem } from './monitored-items.ts';
import { planMonitoring } from './monitoring.ts';
import { NotificationRouter } from './notification-router.ts';
import { pointTime, type TagBinding } from './tag-binding.ts';

export type SourceStateName = 'connecting' | 'connected' | 'disconnected';

/** What the status topic says about a source (sourceStateSchema, plus the dropped-value counts). */
export interface SourceSnapshot {
  id: string;
  endpointUrl: string;
  state: SourceStateName;
  monitoredItems: number;
  lastError: string | null;
  /** Values dropped because their status code was Bad. */
  badStatusValues: number;
  /** Values dropped because they have no field representation (arrays, structures, NaN...). */
  unsupportedValues: number;
}

export interface SourceCounters {
  notifications: number;
  points: number;
}

export interface SourceConnectionDeps {
  certificateManager: OPCUACertificateManager;
  /** A point of this source: the value of the bound tag at `timeMs` (epoch milliseconds). */
  onPoint(binding: TagBinding, value: FieldValue, timeMs: number): void;
  /** The state, the error or the monitored item count changed. */
  onChange(): void;
  counters: SourceCounters;
  log: Logger;
}

const RETRY_INITIAL_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** How long a goodbye to the PLC (CloseSession) may take before the connection is just dropped. */
const CLOSE_SESSION_TIMEOUT_MS = 2000;
const REPORTED_FAILURES = 5;

interface Connection {
  client: OPCUAClient;
  session: ClientSession | null;
  subscription: ClientSubscription | null;
  /** The subscription's monitored items, by clientHandle. */
  router: NotificationRouter;
  /**
   * The subscriptionId the items were created in. When the server lost the subscription,
   * node-opcua re-creates it under a new id but only with the items it made itself: none of ours.
   */
  itemsIn: number | null;
  /** Tags sent to the server in CreateMonitoredItems calls, and those it refused. */
  requested: number;
  refused: RefusedItem[];
}

/**
 * One OPC UA source: a client, a session, one subscription with the source's publishing
 * interval, and its tags as monitored items, created in chunks and routed by clientHandle
 * (notification-router.ts).
 *
 * Two layers of recovery. node-opcua itself reconnects a dropped connection (forever, with
 * backoff) and repairs the session and subscription behind it; a subscription it could
 * reactivate or transfer keeps its items and their handles, one it had to re-create comes back
 * empty and gets its items again from us. `connection_reestablished` means node-opcua's part is
 * done. Anything it cannot repair — the first connection failing in a way it does not retry,
 * the session closed or the subscription terminated under us, a subscription found dead after a
 * repair — tears the whole connection down and builds a new one, with our own backoff. Each
 * build is a generation: callbacks of an older generation find it stale and do nothing.
 */
export class SourceConnection {
  readonly source: OpcUaSource;
  readonly #deps: SourceConnectionDeps;
  readonly #log: Logger;
  #generation = 0;
  #abort = new AbortController();
  #connection: Connection | null = null;
  #state: SourceStateName = 'connecting';
  #lastError: string | null = null;
  #monitoredItems = 0;
  #badStatusValues = 0;
  #unsupportedValues = 0;
  #stateWaiters = new Set<() => void>();

  constructor(source: OpcUaSource, deps: SourceConnectionDeps) {
    this.source = source;
    this.#deps = deps;
    this.#log = deps.log.child({ source: source.id });
  }

  start(): void {
    void this.#run(this.#newGeneration(), 0);
  }

  async stop(): Promise<void> {
    this.#newGeneration();
    // Also the new generation's signal: a rebuild still on its way out finds it aborted and stays down.
    this.#abort.abort();
    await this.#teardown();
  }

  /** Drops the connection and builds a new one (the restartSource command). */
  async restart(): Promise<void> {
    const generation = this.#newGeneration();
    await this.#teardown();
    void this.#run(generation, 0);
  }

  snapshot(): SourceSnapshot {
    return {
      id: this.source.id,
      endpointUrl: this.source.endpointUrl,
      state: this.#state,
      monitoredItems: this.#monitoredItems,
      lastError: this.#lastError,
      badStatusValues: this.#badStatusValues,
      unsupportedValues: this.#unsupportedValues,
    };
  }

  /** The live session, for browse and read; throws when the source is not connected. */
  session(): ClientSession {
    const session = this.#connection?.session;
    if (this.#state !== 'connected' || !session) throw new Error(`source ${this.source.id} is not connected (${this.#state}${this.#lastError ? `: ${this.#lastError}` : ''})`);
    return session;
  }

  /** Resolves true once connected, or false when `signal` aborts first. */
  async whenConnected(signal: AbortSignal): Promise<boolean> {
    while (this.#state !== 'connected') {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#stateWaiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.#stateWaiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return true;
  }

  #newGeneration(): number {
    this.#generation += 1;
    this.#abort.abort();
    this.#abort = new AbortController();
    return this.#generation;
  }

  #setState(state: SourceStateName, lastError: string | null = this.#lastError): void {
    if (state === this.#state && lastError === this.#lastError) return;
    if (state !== this.#state) this.#log.info('source state', { state, from: this.#state, lastError });
    this.#state = state;
    this.#lastError = lastError;
    for (const waiter of [...this.#stateWaiters]) waiter();
    this.#deps.onChange();
  }

  /** Builds the connection, retrying with backoff until it stands or the generation is superseded. */
  async #run(generation: number, initialDelayMs: number): Promise<void> {
    const signal = this.#abort.signal;
    let delay = initialDelayMs;
    for (;;) {
      if (delay > 0) {
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return;
        }
      }
      if (generation !== this.#generation) return;
      this.#setState('connecting');
      try {
        await this.#establish(generation);
        return;
      } catch (e) {
        if (generation !== this.#generation) return;
        delay = Math.min(Math.max(delay * 2, RETRY_INITIAL_MS), RETRY_MAX_MS);
        this.#log.warn('source connection failed; retrying', { error: errorMessage(e), retryInMs: delay });
        this.#setState('disconnected', errorMessage(e));
        await this.#teardown();
      }
    }
  }

  /** Something node-opcua will not repair: start over with a new generation, after a pause. */
  #rebuild(generation: number, reason: string): void {
    if (generation !== this.#generation) return;
    this.#log.warn('source connection lost beyond repair; rebuilding it', { reason });
    this.#setState('disconnected', reason);
    const next = this.#newGeneration();
    void this.#teardown().then(() => this.#run(next, RETRY_INITIAL_MS));
  }

  async #establish(generation: number): Promise<void> {
    const stale = (): boolean => generation !== this.#generation;
    const client = OPCUAClient.create(clientOptions(this.source, this.#deps.certificateManager));
    const router = new NotificationRouter((binding, dataValue) => this.#onValue(binding, dataValue));
    const connection: Connection = { client, session: null, subscription: null, router, itemsIn: null, requested: 0, refused: [] };
    this.#connection = connection;
    this.#watchClient(client, generation);
    await client.connect(this.source.endpointUrl);
    if (stale()) return;
    const session = await client.createSession(userIdentity(this.source));
    connection.session = session;
    session.on('session_closed', () => {
      if (this.#connection === connection) this.#rebuild(generation, 'the server closed the session');
    });
    if (stale()) return;
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: this.source.publishingIntervalMs,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 20,
      // No cap: the server sends what it has each interval, splitting across responses as it must.
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 1,
    });
    connection.subscription = subscription;
    subscription.on('raw_notification', (message) => router.route(message));
    subscription.on('terminated', () => {
      if (this.#connection === connection) this.#rebuild(generation, 'the server terminated the subscription');
    });
    if (stale()) return;
    await this.#monitor(connection, generation);
    if (stale()) return;
    this.#setState('connected', this.#monitoringError(connection));
  }

  #watchClient(client: OPCUAClient, generation: number): void {
    const current = (): boolean => generation === this.#generation;
    client.on('backoff', (retry: number, delayMs: number) => {
      if (!current()) return;
      this.#log.debug('source not reachable; retrying', { retry, delayMs });
      if (retry === 0 || this.#lastError === null) this.#setState(this.#state, `${this.source.endpointUrl} is not reachable`);
    });
    client.on('connection_lost', () => {
      if (current()) this.#setState('disconnected', 'connection to the server lost');
    });
    client.on('start_reconnection', () => {
      if (current()) this.#setState('connecting');
    });
    client.on('reconnection_attempt_has_failed', (error: Error) => {
      if (current()) this.#log.debug('reconnection attempt failed', { error: error.message });
    });
    // Fired once node-opcua has a new channel and has repaired (or re-created) the session,
    // the subscription and its monitored items.
    client.on('connection_reestablished', () => {
      if (!current()) return;
      const connection = this.#connection;
      const subscription = connection?.subscription;
      if (!connection || !subscription?.isActive) {
        this.#rebuild(generation, 'the subscription did not survive the reconnection');
        return;
      }
      if (subscription.subscriptionId !== connection.itemsIn) {
        void this.#recreateItems(connection, generation);
        return;
      }
      this.#setState('connected', this.#monitoringError(connection));
    });
  }

  /** The subscription came back under a new id, without items: monitors the tags again in it. */
  async #recreateItems(connection: Connection, generation: number): Promise<void> {
    this.#log.info('subscription re-created after the reconnection; monitoring its tags again', { subscriptionId: connection.subscription?.subscriptionId });
    try {
      await this.#monitor(connection, generation);
    } catch (e) {
      this.#rebuild(generation, `monitored items could not be re-created: ${errorMessage(e)}`);
      return;
    }
    if (generation === this.#generation && this.#connection === connection) this.#setState('connected', this.#monitoringError(connection));
  }

  /** Creates the source's items in the subscription as it is now, replacing whatever the router held. */
  async #monitor(connection: Connection, generation: number): Promise<void> {
    const { subscription, router } = connection;
    if (!subscription) return;
    const { session, subscriptionId } = subscription;
    router.clear();
    connection.itemsIn = subscriptionId;
    connection.requested = 0;
    connection.refused = [];
    const plan = planMonitoring(this.source);
    for (const { nodeId, error } of plan.invalid) this.#log.warn('tag skipped: invalid nodeId', { nodeId, error });
    for (const chunk of plan.chunks) {
      // A newer generation, or a newer subscription whose own #monitor has taken over.
      if (generation !== this.#generation || connection.itemsIn !== subscriptionId) return;
      connection.refused.push(...(await createMonitoredItems(session, subscriptionId, chunk, router)));
      connection.requested += chunk.bindings.length;
    }
  }

  #onValue(binding: TagBinding, dataValue: DataValue): void {
    const counters = this.#deps.counters;
    counters.notifications += 1;
    if (dataValue.statusCode.isBad()) {
      this.#badStatusValues += 1;
      return;
    }
    const value = fieldValueOf(dataValue.value);
    if (value === undefined) {
      this.#unsupportedValues += 1;
      return;
    }
    counters.points += 1;
    this.#deps.onPoint(binding, value, pointTime(dataValue));
  }

  /** Counts the items the server accepted; a summary of the refusals, or null when there are none. */
  #monitoringError(connection: Connection): string | null {
    const refused = new Map<string, string[]>();
    for (const { nodeId, status } of connection.refused) {
      const nodeIds = refused.get(status) ?? [];
      nodeIds.push(nodeId);
      refused.set(status, nodeIds);
    }
    const good = connection.requested - connection.refused.length;
    this.#monitoredItems = good;
    const invalid = this.source.tags.length - connection.requested;
    if (refused.size === 0 && invalid === 0) return null;
    const parts = [...refused].map(([status, nodeIds]) => `${status} ×${nodeIds.length} (${nodeIds.slice(0, REPORTED_FAILURES).join(', ')}${nodeIds.length > REPORTED_FAILURES ? ', …' : ''})`);
    if (invalid > 0) parts.push(`invalid nodeId ×${invalid}`);
    const summary = `${this.source.tags.length - good} of ${this.source.tags.length} tags not monitored: ${parts.join('; ')}`;
    this.#log.warn('some tags are not monitored', { summary });
    return summary;
  }

  async #teardown(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    this.#monitoredItems = 0;
    if (!connection) return;
    const { client, session } = connection;
    // Close the session (and with it the subscription) politely when the PLC can hear us.
    if (session && !client.isReconnecting) {
      await Promise.race([session.close(true).catch(() => undefined), sleep(CLOSE_SESSION_TIMEOUT_MS, undefined, { ref: false })]);
    }
    await client.disconnect().catch((e: unknown) => this.#log.debug('disconnect failed', { error: errorMessage(e) }));
  }
}
