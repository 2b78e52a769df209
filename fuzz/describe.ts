/** A short, printable picture of a (possibly huge, deep or non-JSON) input for the failure report. */
export function describeInput(value: unknown, budget = 220): string {
  const text = render(value, 0);
  return text.length > budget ? `${text.slice(0, budget)}…` : text;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function' || value === undefined) return typeof value === 'function' ? '<function>' : String(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes ${value.subarray(0, 24).toString('hex')}${value.length > 24 ? '…' : ''}>`;
  if (depth > 3) return `${Array.isArray(value) ? '[…]' : '{…}'}${nesting(value)}`;
  if (Array.isArray(value)) {
    const items = value.slice(0, 4).map((v) => render(v, depth + 1));
    return `[${items.join(',')}${value.length > 4 ? `,…(${value.length} items)` : ''}]`;
  }
  if (!(Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) return `<${value.constructor.name}>`;
  const entries = Object.entries(value);
  const shown = entries.slice(0, 6).map(([k, v]) => `${quote(k)}:${render(v, depth + 1)}`);
  return `{${shown.join(',')}${entries.length > 6 ? `,…(${entries.length} keys)` : ''}}`;
}

function quote(text: string): string {
  const shown = JSON.stringify(text.length > 40 ? text.slice(0, 40) : text).replace(/[\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return text.length > 40 ? `${shown}…(${text.length} chars)` : shown;
}

/** How deep a single-child chain goes, so "deeply nested" shows as a number instead of brackets. */
function nesting(value: object): string {
  let depth = 0;
  let current: unknown = value;
  while (depth < 100_000 && typeof current === 'object' && current !== null) {
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    if (children.length !== 1) break;
    current = children[0];
    depth++;
  }
  return depth > 3 ? `(nested ${depth})` : '';
}
