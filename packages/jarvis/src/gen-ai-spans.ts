import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { withSpan } from '@facilflow/observability';

type Attributes = Parameters<typeof withSpan>[1];
type Span = Parameters<Parameters<typeof withSpan>[2]>[0];

/**
 * OpenTelemetry GenAI semantic-convention attributes for Jarvis's spans: a turn is an agent
 * invocation, each Messages API request a `chat`, each tool call an `execute_tool` whose
 * children are the operation's own spans.
 */
export const GEN_AI_SYSTEM = 'anthropic';

export function turnAttributes(model: string, conversationId: string, tenantId: string | null): Attributes {
  return {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.system': GEN_AI_SYSTEM,
    'gen_ai.agent.name': 'jarvis',
    'gen_ai.request.model': model,
    'gen_ai.conversation.id': conversationId,
    ...(tenantId ? { 'facilflow.tenant': tenantId } : {}),
  };
}

export function chatAttributes(model: string, maxTokens: number, tools: number): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system': GEN_AI_SYSTEM,
    'gen_ai.request.model': model,
    'gen_ai.request.max_tokens': maxTokens,
    'facilflow.jarvis.tools_sent': tools,
  };
}

export function recordResponse(span: Span, message: Message): void {
  span.setAttributes({
    'gen_ai.response.id': message.id,
    'gen_ai.response.model': message.model,
    'gen_ai.response.finish_reasons': [message.stop_reason ?? 'end_turn'],
    'gen_ai.usage.input_tokens': message.usage.input_tokens ?? 0,
    'gen_ai.usage.output_tokens': message.usage.output_tokens,
  });
}

export function toolAttributes(tool: string, callId: string): Attributes {
  return { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.system': GEN_AI_SYSTEM, 'gen_ai.tool.name': tool, 'gen_ai.tool.call.id': callId };
}
