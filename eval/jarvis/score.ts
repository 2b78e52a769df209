import { mismatches } from './matchers.ts';
import type { ScenarioRun } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';

export interface Points {
  earned: number;
  max: number;
}

export interface ScenarioScore {
  name: string;
  covers: string;
  /** The right tools, in order, and none of the forbidden ones. */
  selection: Points;
  /** Arguments of the expected calls matched. */
  invocation: Points;
  /** Receipt contents and proposals as expected. */
  receipt: Points;
  /** What the registry holds after the turn. */
  effects: Points;
  problems: string[];
  ms: number;
}

export const sum = (parts: readonly Points[]): Points => parts.reduce((total, part) => ({ earned: total.earned + part.earned, max: total.max + part.max }), { earned: 0, max: 0 });

export const pointsOf = (score: ScenarioScore): Points => sum([score.selection, score.invocation, score.receipt, score.effects]);
export const isFull = (points: Points) => points.earned === points.max;
export const ratio = (points: Points) => (points.max === 0 ? 1 : points.earned / points.max);

/**
 * Scores a run against what `expect` says (by default the run's own scenario's). Selection:
 * each expected tool is looked for after the previous one's call (other calls may come
 * between), preferring a call whose arguments match; a forbidden tool called costs a point.
 * Invocation: each expected tool that has an `input` matcher, matched by the call selected for it.
 */
export function scoreRun(run: ScenarioRun, expect: Scenario['expect'] = run.scenario.expect): ScenarioScore {
  const problems: string[] = [];
  if (run.error) problems.push(`the turn failed: ${run.error}`);
  if (run.unusedScriptTurns > 0) problems.push(`the loop stopped with ${run.unusedScriptTurns} scripted turn(s) unasked`);
  const calls = run.toolCalls;
  const selection: Points = { earned: 0, max: expect.tools.length + expect.forbiddenTools.length };
  const invocation: Points = { earned: 0, max: expect.tools.filter((step) => step.input !== undefined).length };
  let cursor = 0;
  for (const step of expect.tools) {
    const after = (index: number) => index >= cursor;
    let index = calls.findIndex((call, i) => after(i) && call.tool === step.tool && (step.input === undefined || mismatches(step.input, call.input).length === 0));
    const argumentsMatch = index !== -1;
    if (index === -1) index = calls.findIndex((call, i) => after(i) && call.tool === step.tool);
    if (index === -1) {
      problems.push(`selection: ${step.tool} was not called${cursor > 0 ? ` after ${calls[cursor - 1]!.tool}` : ''} (calls: ${calls.map((call) => call.tool).join(', ') || 'none'})`);
      continue;
    }
    selection.earned += 1;
    if (step.input !== undefined) {
      if (argumentsMatch) invocation.earned += 1;
      else problems.push(...mismatches(step.input, calls[index]!.input, `${step.tool}.input`).map((line) => `invocation: ${line}`));
    }
    cursor = index + 1;
  }
  for (const tool of expect.forbiddenTools) {
    if (calls.some((call) => call.tool === tool)) problems.push(`selection: ${tool} was called, which this scenario forbids`);
    else selection.earned += 1;
  }

  const receiptChecks = Object.entries(expect.receipt).map(([key, matcher]) =>
    run.receipt ? mismatches(matcher, (run.receipt as Record<string, unknown>)[key], `receipt.${key}`) : [`receipt.${key}: the turn has no receipt`],
  );
  if (expect.proposals !== undefined) receiptChecks.push(mismatches(expect.proposals, run.proposals, 'proposals'));
  const receipt: Points = { earned: receiptChecks.filter((lines) => lines.length === 0).length, max: receiptChecks.length };
  problems.push(...receiptChecks.flat().map((line) => `receipt: ${line}`));

  const effectChecks = expect.effects.map(({ operation, output }, i) => {
    const seen = run.effects[i];
    if (!seen || seen.error) return [`${operation}: ${seen?.error ? `${seen.error.code}: ${seen.error.message}` : 'not called'}`];
    return mismatches(output, seen.output, operation);
  });
  const effects: Points = { earned: effectChecks.filter((lines) => lines.length === 0).length, max: effectChecks.length };
  problems.push(...effectChecks.flat().map((line) => `effects: ${line}`));

  return { name: run.scenario.name, covers: run.scenario.covers, selection, invocation, receipt, effects, problems, ms: run.ms };
}
