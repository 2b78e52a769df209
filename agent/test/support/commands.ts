import { randomUUID } from 'node:crypto';
import { agentCommandResponseSchema, agentTopic, type AgentCommand, type AgentCommandResponse } from '@facilflow/contracts';
import type { Observer } from './observer.ts';

export interface SentCommand {
  correlationId: string;
  /** Resolves with the agent's answer (validated against the contract). */
  response: Promise<AgentCommandResponse>;
}

/**
 * Publishes a command request the way the server does and waits for the answer on the agent's
 * responses topic (or `responseTopic`). `expiresInMs` may be negative: an already expired request.
 */
export async function sendCommand(
  observer: Observer,
  ids: { tenantId: string; agentId: string },
  request: AgentCommand | { command: string; args: unknown },
  options: { expiresInMs?: number; responseTopic?: string } = {},
): Promise<SentCommand> {
  const correlationId = randomUUID();
  const response = observer
    .until<unknown>('responses', (body) => typeof body === 'object' && body !== null && 'correlationId' in body && body.correlationId === correlationId)
    .then((body) => agentCommandResponseSchema.parse(body));
  await observer.publish('commands', {
    correlationId,
    responseTopic: options.responseTopic ?? agentTopic(ids.tenantId, ids.agentId, 'responses'),
    expiresAt: Date.now() + (options.expiresInMs ?? 30_000),
    request,
  });
  return { correlationId, response };
}

export async function command(observer: Observer, ids: { tenantId: string; agentId: string }, request: AgentCommand): Promise<AgentCommandResponse> {
  return (await sendCommand(observer, ids, request)).response;
}
