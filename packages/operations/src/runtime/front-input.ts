import { z } from 'zod';
import type { Operation } from '../define-operation.ts';

const confirmation = {
  confirmationToken: z
    .string()
    .optional()
    .describe(
      'Leave empty on the first call. The answer NEEDS_CONFIRMATION carries a plan and a token; show the plan, and once confirmed call again with the same input and this token. ' +
        'The answer PENDING_APPROVAL has no token: show the plan and the approval URL, a person decides there, and the approval applies the call.',
    ),
};

/** What a front adds to a destructive operation's input. */
export type ConfirmationInput = z.input<z.ZodObject<typeof confirmation>>;

/** The input every front shows: the operation's own, plus the confirmation token for destructive ones. */
export function frontInputSchema(op: Operation): z.ZodObject<z.ZodRawShape> {
  return op.effect === 'destructive' ? op.input.extend(confirmation) : op.input;
}

/** Tool names for MCP and the Anthropic API allow no dots: members.list becomes members_list. */
export function toolName(operationName: string): string {
  return operationName.replace('.', '_');
}
