import type { Operation } from '../define-operation.ts';
import { fullOutputSchema } from './tool-catalog.ts';

type Schema = { [key: string]: unknown };

/**
 * Where an operation's result carries free text: every string that is not an enum, a
 * constant, a formatted value (a time, a URL), an id or a paging cursor. Such text was written by a plant
 * (tag names, alarm messages, dead-letter payloads) or a person (names, descriptions) and is
 * data for a model, never an instruction. Derived from the output schema, so an operation
 * added later is covered without being listed anywhere.
 * Paths read like `agent.description`, `rows[].tags.*`.
 */
export function untrustedFields(op: Operation): readonly string[] {
  const cached = cache.get(op);
  if (cached) return cached;
  const found: string[] = [];
  collect(fullOutputSchema(op), '', found);
  const fields = [...new Set(found)];
  cache.set(op, fields);
  return fields;
}

const cache = new WeakMap<Operation, readonly string[]>();

function collect(node: unknown, path: string, found: string[]): void {
  if (!isSchema(node)) return;
  for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[branch];
    if (Array.isArray(branches)) for (const each of branches) collect(each, path, found);
  }
  if (isFreeText(node) && !isIdPath(path)) found.push(path || '(result)');
  if (isSchema(node.properties)) {
    for (const [key, child] of Object.entries(node.properties)) collect(child, path ? `${path}.${key}` : key, found);
  }
  if (isSchema(node.additionalProperties)) collect(node.additionalProperties, `${path}.*`, found);
  if (isSchema(node.items)) collect(node.items, `${path}[]`, found);
  // An untyped value (a raw payload, a record of anything) may hold text of any shape.
  if (path && Object.keys(node).every((key) => key === 'description')) found.push(path);
}

function isFreeText(node: Schema): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return types.includes('string') && node.enum === undefined && node.const === undefined && node.format === undefined;
}

function isIdPath(path: string): boolean {
  const last = path.slice(path.lastIndexOf('.') + 1).replace(/\[\]$/, '');
  return last === 'id' || /[a-z](Ids?|Cursor)$/.test(last);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
