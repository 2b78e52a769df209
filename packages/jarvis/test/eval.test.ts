import { beforeAll, describe, expect, it } from 'vitest';
import { mismatches } from '../../../eval/jarvis/matchers.ts';
import { formatReport } from '../../../eval/jarvis/report.ts';
import { runEval } from '../../../eval/jarvis/run-eval.ts';
import type { ScenarioRun } from '../../../eval/jarvis/run-scenario.ts';
import { loadScenarios, type Scenario } from '../../../eval/jarvis/scenario.ts';
import { isFull, pointsOf, scoreRun } from '../../../eval/jarvis/score.ts';

// `npm run eval -- jarvis` on the fake Messages API: every scenario through the real Jarvis loop.
let scenarios: Scenario[];
let runs: ScenarioRun[];

beforeAll(async () => {
  scenarios = await loadScenarios();
  runs = await runEval(scenarios, 'fake');
});

const runNamed = (name: string) => {
  const run = runs.find((r) => r.scenario.name === name);
  if (!run) throw new Error(`no run of ${name}`);
  return run;
};

describe('the Jarvis eval on the scripted turns', () => {
  it('covers the scenarios the issue asks for, and scores every one full', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(['catalog-then-query', 'failing-query-corrected', 'pipeline-from-a-sentence', 'destructive-awaits-approval', 'forbidden-tool-refused', 'injection-in-a-tag', 'right-time-range']),
    );
    const scores = runs.map((run) => scoreRun(run));
    const report = formatReport(scores, 1, 'test');
    for (const score of scores) {
      expect(score.problems, `${score.name}:\n${report}`).toEqual([]);
      expect(isFull(pointsOf(score)), score.name).toBe(true);
      expect(score.selection.max).toBeGreaterThan(0);
    }
    expect(report).toMatch(/total: 100\.0% \(\d+\/\d+ points\), threshold 100\.0%: pass$/);
  });

  it('fails a scenario whose expected tool is wrong, and one whose expected arguments or receipt are', () => {
    const run = runNamed('catalog-then-query');
    const expected = run.scenario.expect;
    const wrongTool = scoreRun(run, { ...expected, tools: [{ tool: 'telemetry_latest' }, ...expected.tools.slice(1)] });
    expect(wrongTool.selection).toEqual({ earned: 1, max: 2 });
    expect(isFull(pointsOf(wrongTool))).toBe(false);
    expect(wrongTool.problems).toEqual([expect.stringMatching(/^selection: telemetry_latest was not called \(calls: telemetry_exploreCatalog, telemetry_query\)$/)]);

    const wrongOrder = scoreRun(run, { ...expected, tools: [...expected.tools].reverse() });
    expect(wrongOrder.selection).toEqual({ earned: 1, max: 2 });

    const wrongArguments = scoreRun(run, { ...expected, tools: [expected.tools[0]!, { tool: 'telemetry_query', input: { sql: { $regex: 'Oven2' } } }] });
    expect(wrongArguments.selection).toEqual({ earned: 2, max: 2 });
    expect(wrongArguments.invocation).toEqual({ earned: 0, max: 1 });

    const wrongReceipt = scoreRun(run, { ...expected, receipt: { ...expected.receipt, measurements: ['press'] } });
    expect(wrongReceipt.receipt).toEqual({ earned: 4, max: 5 });
    expect(formatReport([wrongTool, wrongReceipt], 0.99, 'test')).toMatch(/threshold 99\.0%: FAIL$/);
  });

  it('counts a forbidden tool that was called against the selection', () => {
    const run = runNamed('destructive-awaits-approval');
    const score = scoreRun(run, { ...run.scenario.expect, forbiddenTools: ['pipelines_delete'] });
    expect(score.selection).toEqual({ earned: 2, max: 3 });
    expect(score.problems).toContain('selection: pipelines_delete was called, which this scenario forbids');
  });
});

describe('the matchers', () => {
  it('match subsets, exact values, expressions and array conditions, and say where they do not', () => {
    expect(mismatches({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(mismatches({ $exact: { a: 1 } }, { a: 1, b: 2 })).toHaveLength(1);
    expect(mismatches({ $regex: 'oven', $flags: 'i' }, 'FROM Oven')).toEqual([]);
    expect(mismatches({ $includes: [{ x: 1 }] }, [{ x: 2 }, { x: 1 }])).toEqual([]);
    expect(mismatches({ $none: { x: 1 } }, [{ x: 2 }, { x: 1 }])).toEqual(['$[1]: matches {"x":1}, which none may: {"x":1}']);
    expect(mismatches({ $length: 0 }, [])).toEqual([]);
    expect(mismatches([1, 2], [1])).toEqual(['$: expected 2 elements, got 1: [1]']);
    expect(mismatches({ q: { $all: [{ $regex: 'a' }, { $regex: 'z' }] } }, { q: 'abc' })).toEqual(['$.q: expected a string matching /z/, got "abc"']);
  });
});
