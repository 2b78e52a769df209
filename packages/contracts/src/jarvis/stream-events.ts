import { z } from 'zod';
import { receiptSchema } from './receipt.ts';
import { budgetWarningSchema } from './usage.ts';

/** What POST /api/jarvis/conversations/:id/messages streams (one server-sent event each) and `/jarvis` emits as `jarvis:event`. */
/** A destructive call Jarvis stopped for the person to decide: shown to them, never to the model as something to replay. */
export const jarvisProposalSchema = z.object({
  operation: z.string(),
  input: z.record(z.string(), z.unknown()),
  code: z.string(),
  plan: z.string(),
  /** The pending approval a person decides (approvals.get/approve/reject), and where; null when the runtime asked for a confirmation instead. */
  approvalId: z.string().nullable(),
  approvalUrl: z.string().nullable(),
  /** What the runtime answered in full: a pending approval's id, URL and expiry, or a confirmation token for a person's own front. */
  details: z.record(z.string(), z.unknown()),
});
export type JarvisProposal = z.infer<typeof jarvisProposalSchema>;

export const jarvisStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool_call'), id: z.string(), tool: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('tool_result'), id: z.string(), tool: z.string(), isError: z.boolean(), summary: z.string() }),
  jarvisProposalSchema.extend({ type: z.literal('proposal') }),
  z.object({ type: z.literal('receipt'), receipt: receiptSchema }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  /** A budget limit of the tenant is nearly used (or a cost limit cannot be checked): sent once a month per limit. */
  budgetWarningSchema.extend({ type: z.literal('budget_warning') }),
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
