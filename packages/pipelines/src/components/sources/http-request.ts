import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';

const config = z.object({
  method: z.enum(['GET', 'POST']).default('GET'),
  url: z.url({ protocol: /^https?$/ }).max(2048).describe("An http(s) URL on a host the tenant allows for outbound requests"),
  headers: z.record(z.string().min(1).max(128), z.string().max(4096)).default({}),
  body: z.string().max(1_000_000).optional().describe('Sent as is with POST'),
  /** Where the rows are in a JSON answer: a path of keys, e.g. ["data", "items"]; the answer itself when empty. */
  rowsPath: z.array(z.string().min(1).max(128)).max(16).default([]),
});

const MAX_ROWS = 100_000;

function isScalar(value: unknown): value is PipelineScalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Flattens one level: nested objects become `parent.child` columns, arrays and deeper values their JSON. */
function toRow(item: unknown): PipelineRow {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { value: isScalar(item) ? item : JSON.stringify(item) };
  const row: PipelineRow = {};
  for (const [key, value] of Object.entries(item)) {
    if (isScalar(value)) row[key] = value;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [childKey, child] of Object.entries(value)) row[`${key}.${childKey}`] = isScalar(child) ? child : JSON.stringify(child);
    } else row[key] = JSON.stringify(value);
  }
  return row;
}

export function rowsOfJsonAnswer(body: string, rowsPath: readonly string[]): PipelineRow[] {
  let located: unknown = JSON.parse(body);
  for (const key of rowsPath) {
    if (located === null || typeof located !== 'object' || !Object.hasOwn(located, key)) throw new Error(`the answer has no "${rowsPath.join('.')}"`);
    located = (located as Record<string, unknown>)[key];
  }
  const items = Array.isArray(located) ? located : [located];
  if (items.length > MAX_ROWS) throw new Error(`the answer holds ${items.length} rows, more than ${MAX_ROWS}`);
  return items.map(toRow);
}

export const httpRequestSource = defineComponent({
  name: 'source.http-request',
  category: 'source',
  title: 'HTTP request',
  description:
    'Calls an HTTP API (GET or POST) on a host the tenant allows and turns its JSON answer into rows: the array at `rowsPath` ' +
    '(or the answer itself), one row per item, nested objects flattened to `parent.child` columns. A status of 400 or more ' +
    'fails the stage (its error policy decides what follows). Use it to bring MES orders, weather or energy prices beside plant data.',
  config,
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Open production orders', with: { url: 'https://mes.example.com/api/orders?status=open', rowsPath: ['orders'] } }],
  async run(context) {
    const { method, url, headers, body } = context.config;
    const answer = await context.services.httpRequest({ method, url, headers, ...(method === 'POST' && body !== undefined ? { body } : {}) }, context.signal);
    if (answer.status >= 400) throw new Error(`${method} ${url} answered ${answer.status}`);
    return { rows: rowsOfJsonAnswer(answer.body, context.config.rowsPath) };
  },
});
