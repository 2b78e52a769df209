import type { ConfigIssue } from '../../../component.ts';
import type { HitPolicyOptions } from './hit-policy.ts';
import { parseInputEntry, type InputEntry } from './input-entry.ts';
import type { DecisionTableConfig } from './table-config.ts';

export interface CompiledRule {
  index: number;
  label: string;
  tests: InputEntry[];
  outputs: DecisionTableConfig['rules'][number]['then'];
}

export type CompiledTable = { ok: true; rules: CompiledRule[]; hitPolicy: HitPolicyOptions } | { ok: false; issues: ConfigIssue[] };

export function ruleLabel(index: number, description: string | undefined): string {
  return description === undefined ? `rule ${index + 1}` : `rule ${index + 1} (${description})`;
}

/** Parses every entry and checks the table's shape, collecting all problems rather than the first. */
export function compileTable(config: DecisionTableConfig): CompiledTable {
  const issues: ConfigIssue[] = [];
  const rules = config.rules.map((rule, index): CompiledRule => {
    if (rule.when.length !== config.inputs.length) {
      issues.push({ path: ['rules', index, 'when'], message: `rule ${index + 1} has ${rule.when.length} input entries for ${config.inputs.length} inputs`, hint: 'write one entry per input, "-" for any value' });
    }
    if (rule.then.length !== config.outputs.length) {
      issues.push({ path: ['rules', index, 'then'], message: `rule ${index + 1} has ${rule.then.length} output values for ${config.outputs.length} outputs` });
    }
    const tests = rule.when.map((entry, column) => {
      const parsed = parseInputEntry(entry);
      if (parsed.ok) return parsed.test;
      issues.push({ path: ['rules', index, 'when', column], message: `rule ${index + 1}, input ${column + 1}: ${parsed.reason}`, code: 'invalid_expression', hint: 'e.g. "-", "> 5", "[10..20)", "\\"Oven2\\", \\"Oven3\\""' });
      return () => false;
    });
    return { index, label: ruleLabel(index, rule.description), tests, outputs: rule.then };
  });
  if (config.aggregation !== undefined && config.hitPolicy !== 'COLLECT') {
    issues.push({ path: ['aggregation'], message: `an aggregation applies to hit policy COLLECT, not ${config.hitPolicy}`, hint: 'remove aggregation or set hitPolicy to COLLECT' });
  }
  if (config.hitPolicy === 'PRIORITY' && config.outputs.every((output) => output.priority === undefined)) {
    issues.push({ path: ['outputs'], message: 'hit policy PRIORITY needs a priority list on at least one output', hint: 'e.g. "priority": ["stop", "warn", "ok"]' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    rules,
    hitPolicy: { policy: config.hitPolicy, aggregation: config.aggregation, priorities: config.outputs.map((output) => output.priority), outputCount: config.outputs.length },
  };
}
