import type { JarvisProposal, Principal, Receipt, TelemetryPoint } from '@facilflow/contracts';
import type { Jarvis } from '@facilflow/jarvis';
import type { FakeAnthropic } from '@facilflow/testkit/fake-anthropic';
import type { EvalPlatform } from './eval-platform.ts';
import { withIds, type Scenario } from './scenario.ts';

export interface ToolCallSeen {
  tool: string;
  input: unknown;
}

/** A registry call made after the turn, and what it answered (its output, or its error). */
export interface EffectSeen {
  output?: unknown;
  error?: { code: string; message: string };
}

/** What one scenario's turn did, as the scorer needs it. */
export interface ScenarioRun {
  /** The scenario with its setup's ids filled in. */
  scenario: Scenario;
  toolCalls: ToolCallSeen[];
  receipt: Receipt | null;
  proposals: JarvisProposal[];
  text: string;
  effects: EffectSeen[];
  /** Why the turn did not end in `done`, if it did not. */
  error: string | null;
  /** Scripted turns the loop left unasked (fake model only): a loop that stopped early. */
  unusedScriptTurns: number;
  ms: number;
}

const errorOf = (error: unknown) => ({
  code: typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'ERROR',
  message: error instanceof Error ? error.message : String(error),
});

async function effect(runtime: EvalPlatform['runtime'], owner: Principal, operation: string, input: unknown): Promise<EffectSeen> {
  try {
    return { output: await runtime.invoke(owner, 'system', operation, input) };
  } catch (error) {
    return { error: errorOf(error) };
  }
}

/**
 * One scenario in a tenant of its own: the seeded plant and the scenario's setup, a member with
 * its role, a new conversation, and the prompt through the real Jarvis loop (the registry, the
 * approvals, the receipts); the fake model answers with the scenario's script, or the real
 * model answers on its own. Then the effects are read as the owner.
 */
export async function runScenario(env: EvalPlatform, jarvis: Jarvis, fake: FakeAnthropic | null, raw: Scenario): Promise<ScenarioRun> {
  const started = performance.now();
  const tenant = await env.seededTenant();
  const ids = new Map<string, string>();
  for (const { template, name } of raw.setup.pipelines) {
    const out = (await env.runtime.invoke(tenant.owner, 'system', 'templates.instantiate', { template, name })) as { pipeline: { id: string } };
    ids.set(name, out.pipeline.id);
  }
  const scenario = withIds(raw, ids);
  if (scenario.setup.points.length > 0) {
    const points: TelemetryPoint[] = scenario.setup.points.map((point) => ({ ...point, t: Date.parse(point.t) }));
    const written = await env.platform.services.timeseries.write(tenant.tenantId, points);
    if (written.rejected.length > 0) throw new Error(`scenario ${scenario.name}: the store refused a setup point: ${written.rejected[0]!.reason}`);
  }
  const person = await tenant.member(scenario.role);
  const { conversation } = (await env.runtime.invoke(person, 'system', 'conversations.create', { title: `eval ${scenario.name}` })) as { conversation: { id: string } };
  const asked = fake?.requests.length ?? 0;
  fake?.script(scenario.script);

  const run: ScenarioRun = { scenario, toolCalls: [], receipt: null, proposals: [], text: '', effects: [], error: null, unusedScriptTurns: 0, ms: 0 };
  try {
    const answer = await jarvis.send(person, conversation.id, { text: scenario.prompt, ...(scenario.page ? { page: scenario.page } : {}) }, (event) => {
      if (event.type === 'tool_call') run.toolCalls.push({ tool: event.tool, input: event.input });
      if (event.type === 'proposal') {
        const { type: _type, ...proposal } = event;
        run.proposals.push(proposal);
      }
    });
    run.receipt = answer.receipt;
    run.text = answer.text;
  } catch (error) {
    const { code, message } = errorOf(error);
    run.error = `${code}: ${message}`;
  }
  if (fake) run.unusedScriptTurns = Math.max(0, scenario.script.length - (fake.requests.length - asked));
  for (const { operation, input } of scenario.expect.effects) run.effects.push(await effect(env.runtime, tenant.owner, operation, input));
  run.ms = performance.now() - started;
  return run;
}
