// npm run eval -- jarvis [--threshold 0.9] [--only name,name]
//
// Runs the scenarios of eval/jarvis/scenarios through the real Jarvis loop on a seeded test
// platform and scores tool selection, invocation, receipts and effects. Against the fake
// Messages API (the scripted turns) unless ANTHROPIC_API_KEY is set without ANTHROPIC_BASE_URL:
// then the real model answers and the scores say how it did. Exits 1 below the threshold.
import { parseArgs } from 'node:util';
import { formatReport, totalOf } from './report.ts';
import { modeFor, runEval } from './run-eval.ts';
import { loadScenarios } from './scenario.ts';
import { ratio, scoreRun } from './score.ts';

const { values } = parseArgs({ options: { threshold: { type: 'string', default: '0.9' }, only: { type: 'string' } } });
const threshold = Number(values.threshold);
if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
  console.error(`--threshold must be a number from 0 to 1, got ${values.threshold}`);
  process.exit(2);
}
const all = await loadScenarios();
const wanted = values.only?.split(',').map((name) => name.trim()) ?? null;
const unknown = wanted?.filter((name) => !all.some((scenario) => scenario.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`no scenario named ${unknown.join(', ')}; there are: ${all.map((scenario) => scenario.name).join(', ')}`);
  process.exit(2);
}
const scenarios = wanted ? all.filter((scenario) => wanted.includes(scenario.name)) : all;
const mode = modeFor(process.env);
const runs = await runEval(scenarios, mode);
const scores = runs.map((run) => scoreRun(run));
console.log(formatReport(scores, threshold, mode === 'fake' ? 'scripted turns, fake Messages API' : `real model ${process.env.JARVIS_MODEL ?? 'default'}`));
process.exit(ratio(totalOf(scores)) >= threshold ? 0 : 1);
