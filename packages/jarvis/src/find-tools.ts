import type { Operation } from '@facilflow/operations';
import { toolName } from '@facilflow/operations';

export interface FoundTool {
  name: string;
  title: string;
  summary: string;
  effect: Operation['effect'];
}

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);

/** camelCase names split into words, so "apiKeys.create" matches "api key create". */
const nameWords = (name: string) => words(name.replace(/([a-z])([A-Z])/g, '$1 $2'));

/** A word matches its plural and its stem: "pipelines" finds "pipeline", "keys" finds "key". */
const stem = (word: string) => word.replace(/(ies|es|s)$/, '');

function score(op: Operation, query: string[]): number {
  const inName = new Set(nameWords(op.name).map(stem));
  const inTitle = new Set(words(op.title).map(stem));
  const inDescription = new Set(words(op.description).map(stem));
  let total = 0;
  for (const word of query.map(stem)) {
    if (inName.has(word)) total += 5;
    if (inTitle.has(word)) total += 3;
    if (inDescription.has(word)) total += 1;
  }
  return total;
}

/** The operations of the caller's own list that best match the words, best first. */
export function findTools(available: readonly Operation[], query: string, limit: number): { op: Operation; found: FoundTool }[] {
  const terms = words(query);
  return available
    .map((op) => ({ op, score: score(op, terms) }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.op.name.localeCompare(b.op.name))
    .slice(0, limit)
    .map(({ op }) => ({
      op,
      found: { name: toolName(op.name), title: op.title, summary: op.description.split(/(?<=\.)\s/)[0] ?? op.description, effect: op.effect },
    }));
}
