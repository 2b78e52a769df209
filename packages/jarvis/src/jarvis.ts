import Anthropic from '@anthropic-ai/sdk';
import {
  FacilFlowError,
  isFacilFlowError,
  jarvisSendInput,
  priceOfModel,
  type ConversationMessage,
  type JarvisStreamEvent,
  type Principal,
  type Receipt,
  type TenantScope,
} from '@facilflow/contracts';
import { appendConversationMessages } from '@facilflow/core';
import type { Runtime } from '@facilflow/operations';
import { withSpan } from '@facilflow/observability';
import { notConfigured, type JarvisConfig } from './config.ts';
import { turnAttributes } from './gen-ai-spans.ts';
import { contextBlock, historyMessages, toolsInHistory, withNewMessage } from './history.ts';
import { availableToJarvis, operationNamed } from './model-tools.ts';
import { qualityOfDataUsed } from './quality-of-data-used.ts';
import { collectReceipt } from './receipt-collector.ts';
import { runToolLoop } from './tool-loop.ts';
import { createTurnMeter } from './turn-meter.ts';

/** Earlier messages the model is given: enough for a conversation to carry on, bounded. */
const HISTORY_MESSAGES = 40;

export interface JarvisAnswer {
  messageId: string;
  text: string;
  receipt: Receipt;
}

export interface Jarvis {
  readonly configured: boolean;
  /**
   * Answers a person's message in their conversation: the tool loop runs with their rights,
   * events are emitted as they happen, and both messages are kept with the turn's tool calls
   * and receipt. Throws UNAVAILABLE when Jarvis is not configured, NOT_FOUND for a
   * conversation that is not theirs. Over the tenant's monthly budget it emits an `error`
   * event with the reason and throws the same RATE_LIMITED error: before the first model
   * request nothing is kept (the person's message is not saved); during the turn the answer
   * so far is kept with the tool calls made, and the tools of the last response are not run.
   */
  send(principal: Principal, conversationId: string, input: unknown, emit: (event: JarvisStreamEvent) => void, signal?: AbortSignal): Promise<JarvisAnswer>;
}

function scopeOf(principal: Principal): TenantScope {
  if (!principal.tenantId || !principal.role) throw new FacilFlowError('FORBIDDEN', 'No active tenant: create one (tenants.create) or switch to one (tenants.switch)');
  return { tenantId: principal.tenantId, actor: principal.actor, role: principal.role };
}

function modelError(error: unknown): FacilFlowError {
  if (isFacilFlowError(error)) return error;
  if (error instanceof Anthropic.APIError) {
    return new FacilFlowError('UNAVAILABLE', `The model could not answer (${error.status ?? 'no status'}): ${error.message.slice(0, 300)}`);
  }
  return new FacilFlowError('UNAVAILABLE', `The model could not be reached: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}`);
}

export function createJarvis(deps: { runtime: Runtime; config: JarvisConfig }): Jarvis {
  const { runtime, config } = deps;
  const client = config.apiKey
    ? new Anthropic({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 1, timeout: 120_000 })
    : null;
  if (client && !priceOfModel(config.model)) {
    console.warn(
      `[jarvis] JARVIS_MODEL=${config.model} has no price in packages/contracts/src/jarvis/model-prices.ts: its tokens are metered, ` +
        'its cost is recorded as null and a monthly cost budget cannot be enforced (token budgets still are)',
    );
  }

  return {
    configured: client !== null,
    send(principal, conversationId, raw, emit, signal = new AbortController().signal) {
      if (!client) return Promise.reject(notConfigured());
      // One trace per turn: the model's requests and the tool calls (with the operations' own spans) nest under it.
      return withSpan('invoke_agent jarvis', turnAttributes(config.model, conversationId, principal.tenantId ?? null), async (span) => {
        const answer = await answerTurn(client, principal, conversationId, raw, emit, signal);
        span.setAttribute('facilflow.jarvis.message_id', answer.messageId);
        return answer;
      });
    },
  };

  async function answerTurn(
    client: Anthropic,
    principal: Principal,
    conversationId: string,
    raw: unknown,
    emit: (event: JarvisStreamEvent) => void,
    signal: AbortSignal,
  ): Promise<JarvisAnswer> {
    const parsed = jarvisSendInput.safeParse(raw);
    if (!parsed.success) throw new FacilFlowError('INVALID', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
    const { text, page } = parsed.data;
    // Through the registry: the person's right to their conversations, and that this one is theirs.
    const history = (await runtime.invoke(principal, 'jarvis', 'conversations.get', { id: conversationId, messageLimit: HISTORY_MESSAGES }, signal)) as {
      messages: ConversationMessage[];
    };
    const scope = scopeOf(principal);
    const meter = createTurnMeter({ services: runtime.services, scope, model: config.model, conversationId, emit });
    // Checked before anything is kept, so a refused turn leaves the conversation as it was.
    const refusal = await meter.admit();
    if (refusal) {
      emit({ type: 'error', code: refusal.code, message: refusal.message });
      throw refusal;
    }
    await appendConversationMessages(runtime.services, scope, conversationId, [{ role: 'user', text }]);
    const earlier = historyMessages(history.messages, config.historyToolBytes);
    const available = availableToJarvis(runtime, principal);
    const loaded = toolsInHistory(earlier).flatMap((tool) => operationNamed(available, tool)?.name ?? []);
    const messages = withNewMessage(earlier, [contextBlock(principal, page), { type: 'text', text }]);
    const tools = {
      runtime,
      principal,
      available,
      conversationId,
      resultBudgetBytes: config.resultBudgetBytes,
      signal,
    };
    let loop: Awaited<ReturnType<typeof runToolLoop>>;
    try {
      loop = await runToolLoop({ client, config, tools, messages, loaded, meter, emit });
    } catch (error) {
      throw modelError(error);
    }
    const used = collectReceipt(loop.calls).measurements;
    const alreadyChecked = loop.calls.some((call) => call.operation === 'quality.issues');
    const quality = alreadyChecked ? [] : await qualityOfDataUsed(runtime, principal, used, signal);
    const receipt = collectReceipt([...loop.calls, ...quality]);
    // A turn the budget stopped keeps what was answered, and says why it ends there.
    const answerText = loop.budgetRefusal ? `${loop.text}${loop.text ? '\n\n' : ''}(${loop.budgetRefusal.message})` : loop.text;
    const [saved] = await appendConversationMessages(runtime.services, scope, conversationId, [
      { role: 'assistant', text: answerText, toolCalls: loop.toolCalls, receipt },
    ]);
    const messageId = saved?.id ?? '';
    emit({ type: 'receipt', receipt });
    if (loop.budgetRefusal) {
      emit({ type: 'error', code: loop.budgetRefusal.code, message: loop.budgetRefusal.message });
      throw loop.budgetRefusal;
    }
    emit({ type: 'done', messageId, stopReason: loop.stopReason, usage: loop.usage });
    return { messageId, text: loop.text, receipt };
  }
}
