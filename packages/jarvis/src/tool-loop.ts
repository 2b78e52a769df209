import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationToolCall, FacilFlowError, JarvisStreamEvent } from '@facilflow/contracts';
import { withSpan } from '@facilflow/observability';
import type { JarvisConfig } from './config.ts';
import { chatAttributes, recordResponse, toolAttributes } from './gen-ai-spans.ts';
import { toolsForTurn } from './model-tools.ts';
import type { CompletedCall } from './receipt-collector.ts';
import { systemPrompt } from './system-prompt.ts';
import { runTool, type Proposal, type ToolRunContext } from './tool-runner.ts';
import type { TurnMeter } from './turn-meter.ts';

export interface TurnUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  /** Bytes of tool definitions sent, summed over the requests. */
  toolDefinitionBytes: number;
}

export interface LoopResult {
  text: string;
  toolCalls: ConversationToolCall[];
  calls: CompletedCall[];
  proposals: Proposal[];
  stopReason: string;
  usage: TurnUsage;
  /** Set when the budget ran out during the turn: the refusal the person is given. */
  budgetRefusal: FacilFlowError | null;
}

export interface LoopInput {
  client: Anthropic;
  config: JarvisConfig;
  tools: ToolRunContext;
  messages: MessageParam[];
  /** Operations loaded before the first request: those the history's tool calls used. */
  loaded?: readonly string[];
  /** Records each response's usage and admits each further request; the first request was admitted before the loop. */
  meter: TurnMeter;
  emit(event: JarvisStreamEvent): void;
}

/** The stop reason of a turn the budget ended. */
export const BUDGET_EXHAUSTED = 'budget_exhausted';

const SUMMARY_CHARS = 300;

/** A failed query past the retry bound answers this instead of running, so the model explains rather than loops. */
const retriesExhausted = (bound: number) =>
  JSON.stringify({ code: 'RETRIES_EXHAUSTED', message: `${bound} queries failed in this message: explain the last error to the person instead of retrying.` });

/**
 * The Messages API tool loop: stream a response, run its tool_use blocks one after the other
 * through the registry, send the results back, until the model ends its turn or the turn
 * bound is reached. Text deltas, tool calls and result summaries are emitted as they happen.
 *
 * Budget: every response's usage is recorded as soon as it is complete. When the response
 * asks for tools, the request that would carry their results is admitted before the tools
 * run: once the budget is used up the loop stops there, runs none of those tools (their
 * results could never reach the model) and makes no further request.
 */
export async function runToolLoop(input: LoopInput): Promise<LoopResult> {
  const { client, config, tools, meter, emit } = input;
  const messages = [...input.messages];
  const loaded = new Set<string>(input.loaded ?? []);
  const result: LoopResult = {
    text: '',
    toolCalls: [],
    calls: [],
    proposals: [],
    stopReason: 'max_turns',
    usage: { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, toolDefinitionBytes: 0 },
    budgetRefusal: null,
  };
  let failedQueries = 0;
  for (let turn = 0; turn < config.maxTurns; turn++) {
    const turnTools = toolsForTurn(tools.available, loaded);
    result.usage.toolDefinitionBytes += Buffer.byteLength(JSON.stringify(turnTools));
    const message = await withSpan(`chat ${config.model}`, chatAttributes(config.model, config.maxOutputTokens, turnTools.length), async (span) => {
      const stream = client.messages.stream(
        { model: config.model, max_tokens: config.maxOutputTokens, system: systemPrompt(), tools: turnTools, messages },
        { signal: tools.signal },
      );
      stream.on('text', (delta) => {
        result.text += delta;
        emit({ type: 'text', text: delta });
      });
      const final = await stream.finalMessage();
      recordResponse(span, final);
      return final;
    });
    await meter.record(message.usage);
    result.usage.requests += 1;
    result.usage.inputTokens += message.usage.input_tokens ?? 0;
    result.usage.outputTokens += message.usage.output_tokens;
    result.usage.cacheReadInputTokens += message.usage.cache_read_input_tokens ?? 0;
    result.usage.cacheCreationInputTokens += message.usage.cache_creation_input_tokens ?? 0;
    result.stopReason = message.stop_reason ?? 'end_turn';
    messages.push({ role: 'assistant', content: message.content as ContentBlockParam[] });
    const uses = message.content.flatMap((block) => (block.type === 'tool_use' ? [block] : []));
    if (uses.length === 0) return result;
    result.budgetRefusal = await meter.admit();
    if (result.budgetRefusal) {
      result.stopReason = BUDGET_EXHAUSTED;
      return result;
    }
    const results: ToolResultBlockParam[] = [];
    for (const use of uses) {
      emit({ type: 'tool_call', id: use.id, tool: use.name, input: use.input });
      const queryBound = use.name === 'telemetry_query' && failedQueries >= config.maxQueryRetries;
      const outcome = await withSpan(`execute_tool ${use.name}`, toolAttributes(use.name, use.id), async (span) => {
        const done = queryBound ? { content: retriesExhausted(config.maxQueryRetries), isError: true } : await runTool(tools, use.name, use.input);
        span.setAttribute('facilflow.outcome', done.isError ? 'error' : 'ok');
        return done;
      });
      if ('call' in outcome && outcome.call) {
        result.calls.push(outcome.call);
        if (outcome.call.operation === 'telemetry.query' && outcome.call.outcome === 'error') failedQueries += 1;
      }
      if ('proposal' in outcome && outcome.proposal) {
        result.proposals.push(outcome.proposal);
        emit({ type: 'proposal', ...outcome.proposal });
      }
      for (const name of ('loaded' in outcome && outcome.loaded) || []) loaded.add(name);
      const summary = outcome.content.length > SUMMARY_CHARS ? `${outcome.content.slice(0, SUMMARY_CHARS)}…` : outcome.content;
      emit({ type: 'tool_result', id: use.id, tool: use.name, isError: outcome.isError, summary });
      result.toolCalls.push({ id: use.id, tool: use.name, input: use.input, isError: outcome.isError, result: outcome.content });
      results.push({ type: 'tool_result', tool_use_id: use.id, content: outcome.content, is_error: outcome.isError });
    }
    messages.push({ role: 'user', content: results });
  }
  const stopped = `\n\n(I stopped after ${config.maxTurns} steps without finishing; ask me to continue or narrow the request.)`;
  result.text += stopped;
  emit({ type: 'text', text: stopped });
  return result;
}
