import { FacilFlowError, isFacilFlowError, type JarvisProposal, type Principal } from '@facilflow/contracts';
import { fenceOperationResult, fenceUntrusted, operationForTool, type Operation, type Runtime } from '@facilflow/operations';
import { findTools } from './find-tools.ts';
import { FIND_TOOLS, isJarvisTool } from './model-tools.ts';
import type { CompletedCall } from './receipt-collector.ts';
import { trimResult } from './trim-result.ts';

export type Proposal = JarvisProposal;

export interface ToolOutcome {
  /** The tool_result text, trimmed to the budget, its free text fenced as untrusted data (as MCP does). */
  content: string;
  isError: boolean;
  /** The registry call it made, for the receipt; none for find_tools. */
  call?: CompletedCall;
  proposal?: Proposal;
  /** Operations find_tools loaded for the next requests. */
  loaded?: string[];
}

export interface ToolRunContext {
  runtime: Runtime;
  principal: Principal;
  available: readonly Operation[];
  conversationId: string;
  resultBudgetBytes: number;
  signal: AbortSignal;
}

const asInput = (raw: unknown): Record<string, unknown> => (raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {});

// Answers that stop a destructive call for a person: today's two-phase confirmation, and the approvals' pending approval.
const AWAITS_A_PERSON = new Set(['NEEDS_CONFIRMATION', 'PENDING_APPROVAL']);

function errorOutcome(ctx: ToolRunContext, tool: string, error: FacilFlowError, call?: CompletedCall): ToolOutcome {
  const body = { code: error.code, message: error.message };
  // An error message may quote what a plant or person wrote (a tag in a failing SQL, a name).
  return { content: fenceUntrusted(trimResult(body, ctx.resultBudgetBytes).json, ['message']).text, isError: true, ...(call ? { call } : {}) };
}

function runFindTools(ctx: ToolRunContext, raw: unknown): ToolOutcome {
  const input = asInput(raw);
  const query = typeof input.query === 'string' ? input.query.slice(0, 200) : '';
  const limit = typeof input.limit === 'number' && input.limit >= 1 ? Math.min(10, Math.floor(input.limit)) : 5;
  if (!query.trim()) return errorOutcome(ctx, FIND_TOOLS, new FacilFlowError('INVALID', 'find_tools needs a query: a few words of what you want to do'));
  const hits = findTools(ctx.available, query, limit);
  const body = hits.length
    ? { tools: hits.map((hit) => hit.found), note: 'These tools are loaded: call them from your next step.' }
    : { tools: [], note: 'No tool you may use matches: the person\'s role may not allow it, or try other words.' };
  // Names, titles and summaries of the registry's own operations: FacilFlow's text, nothing to fence.
  return { content: trimResult(body, ctx.resultBudgetBytes).json, isError: false, loaded: hits.map((hit) => hit.op.name) };
}

/**
 * Runs one tool_use through the registry as the person, with front `jarvis`: authorization,
 * validation, approvals and audit are the runtime's. A destructive call never takes a
 * confirmation token from the model: what the runtime answers goes to the person as a
 * proposal, and the model only learns that it awaits them.
 */
export async function runTool(ctx: ToolRunContext, tool: string, raw: unknown): Promise<ToolOutcome> {
  if (tool === FIND_TOOLS) return runFindTools(ctx, raw);
  const op = operationForTool(ctx.runtime.registry, tool);
  if (!op || !isJarvisTool(op)) return errorOutcome(ctx, tool, new FacilFlowError('NOT_FOUND', `No tool ${tool}: use find_tools`));
  const input = asInput(raw);
  const stripped = op.effect === 'destructive' && 'confirmationToken' in input;
  delete input.confirmationToken;
  try {
    const output = await ctx.runtime.invoke(ctx.principal, 'jarvis', op.name, input, ctx.signal, { conversationId: ctx.conversationId });
    const { json } = trimResult(output, ctx.resultBudgetBytes);
    return { content: fenceOperationResult(op, json).text, isError: false, call: { operation: op.name, input, outcome: 'ok', output } };
  } catch (e) {
    const error = isFacilFlowError(e) ? e : new FacilFlowError('INTERNAL', `${op.name} failed`);
    const call: CompletedCall = { operation: op.name, input, outcome: 'error', errorCode: error.code };
    if (!AWAITS_A_PERSON.has(error.code)) return errorOutcome(ctx, tool, error, call);
    const details = { ...(error.details ?? {}) } as Record<string, unknown>;
    const plan = typeof details.plan === 'string' ? details.plan : error.message;
    const approvalId = typeof details.approvalId === 'string' ? details.approvalId : null;
    const approvalUrl = typeof details.approvalUrl === 'string' ? details.approvalUrl : null;
    const proposal: Proposal = { operation: op.name, input, code: error.code, plan, approvalId, approvalUrl, details };
    // The approval id and URL are for the person: neither applies the call, whoever sends them.
    const body = {
      code: 'AWAITING_APPROVAL',
      message:
        'Not applied. The plan was shown to the person, who approves or refuses it in FacilFlow. Do not call this tool again for it' +
        (stripped ? '; a confirmation token from you is never accepted.' : '.'),
      plan,
      ...(approvalId ? { approvalId, approvalUrl } : {}),
    };
    // The plan names what it would change (a pipeline's name, a key's label): people's text.
    return { content: fenceUntrusted(trimResult(body, ctx.resultBudgetBytes).json, ['message', 'plan']).text, isError: true, call, proposal };
  }
}
