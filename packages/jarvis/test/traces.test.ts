import { startTracing, type Tracing } from '@facilflow/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../../observability/test/support/otlp-receiver.ts';
import { ask, newConversation, startJarvisFixture, type JarvisFixture } from './jarvis-fixture.ts';

let receiver: OtlpReceiver;
let tracing: Tracing;
let f: JarvisFixture;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing({ serviceName: 'facilflow-jarvis-test', roles: ['web'], endpoint: receiver.url });
  f = await startJarvisFixture();
});
afterAll(async () => {
  await f?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

describe('a Jarvis turn is traced', () => {
  it('as an agent span with a chat span per model request (GenAI attributes) and a tool span holding the operation it called', async () => {
    const owner = f.tenant.ownerPrincipal;
    const conversationId = await newConversation(f.t, owner);
    f.fake.script([
      { blocks: [{ type: 'tool_use', name: 'telemetry_query', input: { sql: 'SELECT 42 AS answer' } }] },
      { blocks: [{ type: 'text', text: 'The answer is 42.' }] },
    ]);
    await ask(f, owner, conversationId, 'What is the answer?');
    await tracing.flush();

    const spans = receiver.spans();
    const turn = spans.find((s) => s.name === 'invoke_agent jarvis');
    expect(turn?.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-6',
      'gen_ai.conversation.id': conversationId,
      'facilflow.tenant': f.tenant.tenantId,
    });
    const trace = spans.filter((s) => s.traceId === turn?.traceId);
    const chats = trace.filter((s) => s.name === 'chat claude-sonnet-4-6');
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(chat.parentSpanId).toBe(turn?.spanId);
      expect(chat.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-6' });
      // The fake server reports usage like the real API: the counts are the response's, not made up.
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(chat.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    }
    expect(new Set(chats.map((chat) => chat.attributes['gen_ai.response.id'])).size).toBe(2);
    const tool = trace.find((s) => s.name === 'execute_tool telemetry_query');
    expect(tool).toMatchObject({ parentSpanId: turn?.spanId, attributes: { 'gen_ai.tool.name': 'telemetry_query', 'facilflow.outcome': 'ok' } });
    const operation = trace.find((s) => s.name === 'operation telemetry.query');
    expect(operation).toMatchObject({ parentSpanId: tool?.spanId, attributes: { 'facilflow.front': 'jarvis', 'facilflow.operation': 'telemetry.query' } });
  });
});
