import { agentCommandRequestSchema, type AgentCommand, type AgentCommandRequest, type AgentCommandResponse } from '@facilflow/contracts';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { errorMessage, type Logger } from '../log.ts';
import { browsePage } from '../opcua/browse.ts';
import { readTag } from '../opcua/read-tag.ts';
import type { SourceSet } from '../opcua/source-set.ts';
import { isOwnResponseTopic } from './response-topic.ts';

export interface FlushResult {
  /** Backlog when the command arrived, and what is left when it answers. */
  batchesBefore: number;
  batchesAfter: number;
  /** Every batch buffered when the command arrived was acknowledged before it expired. */
  drained: boolean;
}

export interface CommandHandlerOptions {
  client: MqttClient;
  tenantId: string;
  agentId: string;
  protocolVersion: 4 | 5;
  sources: SourceSet;
  /** Delivers everything buffered now; gives up when `signal` aborts. */
  flush(signal: AbortSignal): Promise<FlushResult>;
  log: Logger;
}

/** Requests remembered to ignore a QoS 1 redelivery of one already taken. */
const REMEMBERED_REQUESTS = 1000;

/**
 * Runs the requests that arrive on the agent's commands topic and answers each on its response
 * topic with agentCommandResponseSchema (QoS 1; on MQTT 5 with the request's correlation data
 * as a property too). Requests run concurrently — a long browse does not hold up a readTag — and
 * each may take until its expiresAt; a request that arrives already expired (say, queued at the
 * broker while the agent was away) is ignored, since its requester has stopped waiting.
 */
export class CommandHandler {
  readonly #options: CommandHandlerOptions;
  readonly #seen = new Set<string>();

  constructor(options: CommandHandlerOptions) {
    this.#options = options;
  }

  handle(payload: Buffer, packet: IPublishPacket): void {
    const { log, tenantId, agentId } = this.#options;
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString('utf8'));
    } catch (e) {
      log.warn('command ignored: not JSON', { error: errorMessage(e) });
      return;
    }
    const parsed = agentCommandRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const answerable = answerableEnvelope(raw);
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      log.warn('command rejected: invalid request', { correlationId: answerable?.correlationId, issues });
      if (answerable && isOwnResponseTopic(answerable.responseTopic, tenantId, agentId)) {
        this.#respond(answerable.responseTopic, packet, { correlationId: answerable.correlationId, ok: false, error: `invalid request: ${issues}` });
      }
      return;
    }
    const request = parsed.data;
    if (request.expiresAt <= Date.now()) {
      log.info('command ignored: expired', { correlationId: request.correlationId, command: request.request.command, expiredMsAgo: Date.now() - request.expiresAt });
      return;
    }
    if (!isOwnResponseTopic(request.responseTopic, tenantId, agentId)) {
      log.warn('command ignored: its response topic is not this agent’s responses topic', { correlationId: request.correlationId, responseTopic: request.responseTopic });
      return;
    }
    if (this.#seen.has(request.correlationId)) {
      log.debug('command ignored: already taken (redelivery)', { correlationId: request.correlationId });
      return;
    }
    this.#remember(request.correlationId);
    void this.#run(request, packet);
  }

  async #run(request: AgentCommandRequest, packet: IPublishPacket): Promise<void> {
    const { log } = this.#options;
    const started = Date.now();
    const signal = AbortSignal.timeout(Math.max(0, request.expiresAt - started));
    let response: AgentCommandResponse;
    try {
      response = { correlationId: request.correlationId, ok: true, result: await this.#execute(request.request, signal) };
    } catch (e) {
      response = { correlationId: request.correlationId, ok: false, error: errorMessage(e) };
    }
    log.info('command done', { correlationId: request.correlationId, command: request.request.command, ok: response.ok, error: response.error, ms: Date.now() - started });
    this.#respond(request.responseTopic, packet, response);
  }

  async #execute(command: AgentCommand, signal: AbortSignal): Promise<unknown> {
    const { sources } = this.#options;
    switch (command.command) {
      case 'restartSource': {
        const source = sources.get(command.args.sourceId);
        await source.restart();
        // Answer once it is back, or at expiry with the state it is in.
        await source.whenConnected(signal);
        const { id, state, monitoredItems, lastError } = source.snapshot();
        return { sourceId: id, state, monitoredItems, lastError };
      }
      case 'browse':
        return browsePage(sources.get(command.args.sourceId).session(), command.args);
      case 'readTag':
        return readTag(sources.get(command.args.sourceId).session(), command.args.nodeId);
      case 'flushBuffer':
        return this.#options.flush(signal);
    }
  }

  #respond(topic: string, request: IPublishPacket, response: AgentCommandResponse): void {
    const { client, protocolVersion, log } = this.#options;
    // MQTT 5 requesters match answers on the correlation data bytes they sent; echo them exactly.
    const correlationData = request.properties?.correlationData ?? Buffer.from(response.correlationId);
    client.publish(topic, JSON.stringify(response), { qos: 1, ...(protocolVersion === 5 ? { properties: { correlationData } } : {}) }, (error) => {
      if (error) log.warn('command response not delivered', { correlationId: response.correlationId, error: error.message });
    });
  }

  #remember(correlationId: string): void {
    this.#seen.add(correlationId);
    if (this.#seen.size > REMEMBERED_REQUESTS) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}

/** correlationId and responseTopic of a request that failed validation elsewhere, so it can still be told why. */
function answerableEnvelope(raw: unknown): { correlationId: string; responseTopic: string } | null {
  const envelope = agentCommandRequestSchema.pick({ correlationId: true, responseTopic: true }).safeParse(raw);
  return envelope.success ? envelope.data : null;
}
