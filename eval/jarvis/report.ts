import { pointsOf, ratio, sum, type Points, type ScenarioScore } from './score.ts';

const cell = (points: Points) => (points.max === 0 ? '–' : `${points.earned}/${points.max}`);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** The table of scenarios and their scores, each one's problems under it, and the total against the threshold. */
export function formatReport(scores: readonly ScenarioScore[], threshold: number, mode: string): string {
  const header = ['scenario', 'covers', 'selection', 'invocation', 'receipt', 'effects', 'score', 'ms'];
  const rows = scores.map((score) => [
    score.name,
    score.covers,
    cell(score.selection),
    cell(score.invocation),
    cell(score.receipt),
    cell(score.effects),
    percent(ratio(pointsOf(score))),
    String(Math.round(score.ms)),
  ]);
  const total = totalOf(scores);
  const lines = [`Jarvis eval (${mode}): ${scores.length} scenarios`, '', table([header, ...rows]), ''];
  for (const score of scores.filter((s) => s.problems.length > 0)) {
    lines.push(`${score.name}:`, ...score.problems.map((problem) => `  - ${problem}`));
  }
  lines.push(`total: ${percent(ratio(total))} (${total.earned}/${total.max} points), threshold ${percent(threshold)}: ${ratio(total) >= threshold ? 'pass' : 'FAIL'}`);
  return lines.join('\n');
}

export const totalOf = (scores: readonly ScenarioScore[]): Points => sum(scores.map(pointsOf));
