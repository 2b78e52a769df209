import { z } from 'zod';
import { receiptSchema } from './receipt.ts';

/** What POST /api/jarvis/conversations/:id/messages streams, one server-sent event each. */
export const jarvisStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool_call'), id: z.string(), tool: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('tool_result'), id: z.string(), tool: z.string(), isError: z.boolean(), summary: z.string() }),
  z.object({
    type: z.literal('proposal'),
    operation: z.string(),
    input: z.record(z.string(), z.unknown()),
    code: z.string(),
    plan: z.string(),
    /** For the person's approval in the web app: a confirmation token and its expiry, or a pending approval's id. */
    details: z.record(z.string(), z.unknown()),
  }),
  z.object({ type: z.literal('receipt'), receipt: receiptSchema }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({
    type: z.literal('done'),
    messageId: z.string(),
    stopReason: z.string(),
    usage: z.object({
      requests: z.number().int(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      cacheReadInputTokens: z.number().int(),
      cacheCreationInputTokens: z.number().int(),
      toolDefinitionBytes: z.number().int(),
    }),
  }),
]);
export type JarvisStreamEvent = z.infer<typeof jarvisStreamEventSchema>;
