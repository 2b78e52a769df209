import { FacilFlowError } from '@facilflow/contracts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../define-operation.ts';
import { toolName } from '../../runtime/front-input.ts';

/** The most rows of one list a tool result or a result page carries; the rest is read page by page. */
export const PAGE_ROWS = 100;

/** The result `_meta` key describing a result cut to its first page. */
export const PAGE_META = 'facilflow/page';

export interface ResultPage {
  /** The output's list field that was cut, e.g. `rows` of telemetry.query. */
  field: string;
  page: number;
  pages: number;
  total: number;
  items: unknown[];
  nextPage: string | null;
}

/** The longest list at the top of an output, when it is longer than a page. */
function longList(output: Record<string, unknown>): string | null {
  let longest: string | null = null;
  for (const [field, value] of Object.entries(output)) {
    if (Array.isArray(value) && value.length > PAGE_ROWS && (longest === null || value.length > (output[longest] as unknown[]).length)) longest = field;
  }
  return longest;
}

/**
 * `facilflow://results/{tool}/{args}{?page}`: the call again, as the caller, with these
 * arguments (base64url JSON), one page of its long list. Stateless, like the HTTP transport:
 * nothing is kept between the call and the read; only read tools are paged this way.
 */
export function resultPageUri(op: Operation, args: Record<string, unknown>, page: number): string {
  return `facilflow://results/${toolName(op.name)}/${Buffer.from(JSON.stringify(args)).toString('base64url')}?page=${page}`;
}

export function decodeResultArgs(encoded: string): Record<string, unknown> {
  try {
    const args: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString());
    if (args && typeof args === 'object' && !Array.isArray(args)) return args as Record<string, unknown>;
  } catch {
    // Refused below with the same message as any other malformed link.
  }
  throw new FacilFlowError('INVALID', 'Malformed result link: its arguments are not base64url JSON of an object');
}

/** One page of an output's long list; the output must still have one (the data may have shrunk since the link was made). */
export function pageOf(op: Operation, args: Record<string, unknown>, output: Record<string, unknown>, page: number): ResultPage {
  const field = longList(output) ?? Object.keys(output).find((key) => Array.isArray(output[key]));
  if (!field) throw new FacilFlowError('NOT_FOUND', `${op.name} returned no list to page through`);
  const items = output[field] as unknown[];
  const pages = Math.max(1, Math.ceil(items.length / PAGE_ROWS));
  if (!Number.isInteger(page) || page < 1 || page > pages) throw new FacilFlowError('INVALID', `Page ${page} is out of range: the result has ${pages} page(s)`);
  return {
    field,
    page,
    pages,
    total: items.length,
    items: items.slice((page - 1) * PAGE_ROWS, page * PAGE_ROWS),
    nextPage: page < pages ? resultPageUri(op, args, page + 1) : null,
  };
}

/**
 * A read tool's output whose list is longer than a page: the answer holds the first page (in
 * the text and in structuredContent, which stays valid against the output schema), says how
 * many rows there are, and links the resource that serves every page.
 */
export function boundedOutput(op: Operation, args: Record<string, unknown>, output: Record<string, unknown>): { output: Record<string, unknown>; extra: Pick<CallToolResult, 'content' | '_meta'> } | null {
  if (op.effect !== 'read') return null;
  const field = longList(output);
  if (field === null) return null;
  const first = pageOf(op, args, output, 1);
  const link = resultPageUri(op, args, 1);
  const note =
    `${field} holds ${first.total} rows; this answer shows the first ${PAGE_ROWS}. ` +
    `Read the resource ${link} for the whole result page by page (next: ${first.nextPage}), or narrow the call.`;
  return {
    output: { ...output, [field]: first.items },
    extra: {
      content: [
        { type: 'text', text: note },
        { type: 'resource_link', uri: link, name: `${toolName(op.name)} result`, mimeType: 'application/json', description: `All ${first.total} ${field}, ${PAGE_ROWS} per page` },
      ],
      _meta: { [PAGE_META]: { field, total: first.total, pages: first.pages, pageRows: PAGE_ROWS, resource: link, nextPage: first.nextPage } },
    },
  };
}
