import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationMessage, PageContext, Principal } from '@facilflow/contracts';
import { fenceUntrusted } from '@facilflow/operations';

/**
 * Earlier messages as the model's history: the texts only. Their tool calls are kept in the
 * conversation for people; the model asks again for what it needs now, so old results
 * neither grow every request nor stand in for fresh data.
 */
export function historyMessages(messages: readonly ConversationMessage[]): MessageParam[] {
  const history: MessageParam[] = [];
  for (const message of messages) {
    if (!message.text.trim()) continue;
    const previous = history.at(-1);
    // The API wants user and assistant to alternate; an unanswered message (a failed turn) joins the next.
    if (previous && previous.role === message.role && typeof previous.content === 'string') previous.content = `${previous.content}\n\n${message.text}`;
    else history.push({ role: message.role, content: message.text });
  }
  if (history[0]?.role === 'assistant') history.shift();
  return history;
}

/** Who asks, in which tenant, on which page: per message, so the cached system prompt stays the same for all. */
export function contextBlock(principal: Principal, page: PageContext | undefined): TextBlockParam {
  const who = { role: principal.role, tenantId: principal.tenantId };
  // The page's title and entity come from the browser: data like any other.
  const where = page ? `\nThe person is on this page of the web app:\n${fenceUntrusted(JSON.stringify(page), ['path', 'title', 'entity']).text}` : '';
  return { type: 'text', text: `Context: the person has role ${JSON.stringify(who.role)} in tenant ${JSON.stringify(who.tenantId)}.${where}` };
}
