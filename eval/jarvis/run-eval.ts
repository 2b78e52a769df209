import { createJarvis, loadJarvisConfig, type Jarvis } from '@facilflow/jarvis';
import { startFakeAnthropic, type FakeAnthropic } from '@facilflow/testkit/fake-anthropic';
import { startEvalPlatform } from './eval-platform.ts';
import { runScenario, type ScenarioRun } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';

/** `fake`: the scripted turns, answered by the fake Messages API on 127.0.0.1; `model`: the real model, scripts ignored. */
export type EvalMode = 'fake' | 'model';

/** The real model when ANTHROPIC_API_KEY is set and ANTHROPIC_BASE_URL is not (a base URL points elsewhere on purpose); else the fake. */
export function modeFor(env: Record<string, string | undefined>): EvalMode {
  return env.ANTHROPIC_API_KEY && !env.ANTHROPIC_BASE_URL ? 'model' : 'fake';
}

/** Runs the scenarios one after the other on one platform, each in a tenant of its own, and returns what each turn did. */
export async function runEval(scenarios: readonly Scenario[], mode: EvalMode, env: Record<string, string | undefined> = process.env): Promise<ScenarioRun[]> {
  const platform = await startEvalPlatform();
  let fake: FakeAnthropic | null = null;
  try {
    let jarvis: Jarvis;
    if (mode === 'fake') {
      fake = await startFakeAnthropic();
      // Only the key and the fake's URL: the scripted runs must not depend on the caller's JARVIS_* settings.
      jarvis = createJarvis({ runtime: platform.runtime, config: loadJarvisConfig({ ANTHROPIC_API_KEY: 'eval-fake-key', ANTHROPIC_BASE_URL: fake.url }) });
    } else {
      jarvis = createJarvis({ runtime: platform.runtime, config: loadJarvisConfig(env) });
    }
    const runs: ScenarioRun[] = [];
    for (const scenario of scenarios) runs.push(await runScenario(platform, jarvis, fake, scenario));
    return runs;
  } finally {
    await fake?.close();
    await platform.close();
  }
}
