import { toolResultsOf } from '@facilflow/testkit/fake-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, newConversation, startJarvisFixture, toolNames, type JarvisFixture } from './jarvis-fixture.ts';

let f: JarvisFixture;

beforeAll(async () => {
  f = await startJarvisFixture();
});
afterAll(() => f?.close());

describe('a pipeline built from a one-sentence request', () => {
  it('finds the template tools, instantiates a draft through the registry, and the draft is there', async () => {
    const engineer = await f.t.memberPrincipal(f.tenant.tenantId, 'engineer');
    const conversationId = await newConversation(f.t, engineer);
    const name = 'Oven2 zone 1 average alarm';
    f.fake.script([
      { blocks: [{ type: 'tool_use', name: 'find_tools', input: { query: 'pipeline template instantiate' } }] },
      (request) => {
        expect(toolResultsOf(request)[0]?.content).toContain('templates_instantiate');
        return { blocks: [{ type: 'tool_use', name: 'templates_list', input: {} }] };
      },
      (request) => {
        expect(toolNames(request)).toContain('templates_instantiate');
        expect(toolResultsOf(request)[0]?.content).toContain('window-average-threshold');
        return { blocks: [{ type: 'tool_use', name: 'templates_instantiate', input: { template: 'window-average-threshold', name } }] };
      },
      { blocks: [{ type: 'text', text: `I created the draft pipeline "${name}"; publish it when it looks right.` }] },
    ]);
    const { answer } = await ask(f, engineer, conversationId, 'Alert me when the one-minute average of Oven2 zone 1 goes above a threshold');
    expect(answer.receipt.operations.map((op) => [op.operation, op.outcome])).toEqual([
      ['templates.list', 'ok'],
      ['templates.instantiate', 'ok'],
    ]);
    const pipelines = (await f.t.call(engineer, 'pipelines.list')) as { items: Array<{ name: string; status: string }> };
    expect(pipelines.items).toEqual([expect.objectContaining({ name, status: 'draft' })]);
  });
});
