import { z } from 'zod';

export const agentCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('restartSource'), args: z.object({ sourceId: z.string() }) }),
  z.object({
    command: z.literal('browse'),
    args: z.object({
      sourceId: z.string(),
      nodeId: z.string().default('RootFolder'),
      /** Continuation point from a previous page, for large address spaces. */
      continuationPoint: z.string().optional(),
      maxReferences: z.number().int().min(1).max(10_000).default(500),
    }),
  }),
  z.object({ command: z.literal('readTag'), args: z.object({ sourceId: z.string(), nodeId: z.string() }) }),
  z.object({ command: z.literal('flushBuffer'), args: z.object({}).default({}) }),
]);
export type AgentCommand = z.infer<typeof agentCommandSchema>;

/**
 * Published on the commands topic. On MQTT 5 brokers the response topic and correlation data
 * also travel as packet properties; the envelope carries them too because the embedded broker
 * (aedes) speaks MQTT 3.1.1.
 */
export const agentCommandRequestSchema = z.object({
  correlationId: z.string().min(1).max(128),
  responseTopic: z.string(),
  /** Epoch ms after which the agent ignores the request. */
  expiresAt: z.number().int(),
  request: agentCommandSchema,
});
export type AgentCommandRequest = z.infer<typeof agentCommandRequestSchema>;

export const agentCommandResponseSchema = z.object({
  correlationId: z.string(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type AgentCommandResponse = z.infer<typeof agentCommandResponseSchema>;
