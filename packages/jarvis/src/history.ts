import type { ContentBlockParam, MessageParam, TextBlockParam, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationMessage, ConversationToolCall, PageContext, Principal } from '@facilflow/contracts';
import { fenceUntrusted } from '@facilflow/operations';

const callBytes = (call: ConversationToolCall) => Buffer.byteLength(JSON.stringify(call.input ?? {})) + Buffer.byteLength(call.result);

/** The earlier calls that fit in `budget` bytes, newest first, so the latest context survives. */
function callsWithinBudget(messages: readonly ConversationMessage[], budget: number): Set<ConversationToolCall> {
  const kept = new Set<ConversationToolCall>();
  let used = 0;
  for (const message of [...messages].reverse()) {
    for (const call of [...message.toolCalls].reverse()) {
      const bytes = callBytes(call);
      if (used + bytes > budget) return kept;
      used += bytes;
      kept.add(call);
    }
  }
  return kept;
}

function push(history: MessageParam[], role: 'user' | 'assistant', blocks: ContentBlockParam[]): void {
  if (blocks.length === 0) return;
  const previous = history.at(-1);
  // The API wants user and assistant to alternate; an unanswered message (a failed turn) joins the next.
  if (previous && previous.role === role) (previous.content as ContentBlockParam[]).push(...blocks);
  else history.push({ role, content: blocks });
}

/**
 * Earlier messages as the model's history, with the tool calls an answer made and the results
 * it saw (as stored: trimmed to the result budget and fenced), so a follow-up can build on
 * them. Bounded: the calls of the newest messages that fit in `toolBytes` (inputs and results)
 * are resent, older calls are left out and the model asks again if it needs them.
 */
export function historyMessages(messages: readonly ConversationMessage[], toolBytes: number): MessageParam[] {
  const kept = callsWithinBudget(messages, toolBytes);
  const history: MessageParam[] = [];
  for (const message of messages) {
    const text: ContentBlockParam[] = message.text.trim() ? [{ type: 'text', text: message.text }] : [];
    const calls = message.role === 'assistant' ? message.toolCalls.filter((call) => kept.has(call)) : [];
    if (calls.length > 0) {
      push(history, 'assistant', calls.map((call): ToolUseBlockParam => ({ type: 'tool_use', id: call.id, name: call.tool, input: call.input ?? {} })));
      push(history, 'user', calls.map((call): ToolResultBlockParam => ({ type: 'tool_result', tool_use_id: call.id, content: call.result, is_error: call.isError })));
    }
    push(history, message.role, text);
  }
  if (history[0]?.role === 'assistant') history.shift();
  return history;
}

/** The history followed by the person's new message (joined to an unanswered one, so roles alternate). */
export function withNewMessage(history: MessageParam[], blocks: ContentBlockParam[]): MessageParam[] {
  push(history, 'user', blocks);
  return history;
}

/** The tools earlier calls in the history used: loaded again, so the model can carry on with them. */
export function toolsInHistory(history: readonly MessageParam[]): string[] {
  return history.flatMap((message) => (Array.isArray(message.content) ? message.content.flatMap((block) => (block.type === 'tool_use' ? [block.name] : [])) : []));
}

/** Who asks, in which tenant, on which page: per message, so the cached system prompt stays the same for all. */
export function contextBlock(principal: Principal, page: PageContext | undefined): TextBlockParam {
  const who = { role: principal.role, tenantId: principal.tenantId };
  // The page's title and entity come from the browser: data like any other.
  const where = page ? `\nThe person is on this page of the web app:\n${fenceUntrusted(JSON.stringify(page), ['path', 'title', 'entity']).text}` : '';
  return { type: 'text', text: `Context: the person has role ${JSON.stringify(who.role)} in tenant ${JSON.stringify(who.tenantId)}.${where}` };
}
