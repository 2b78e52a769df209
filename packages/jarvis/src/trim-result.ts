/** The paging arguments the note names, by what the result carries. */
function howToFetchMore(value: Record<string, unknown>): string {
  if (typeof value.nextCursor === 'string') return `call again with cursor "${value.nextCursor}" (and a smaller limit), or narrow the request`;
  if ('rows' in value) return 'aggregate in SQL, select fewer columns, or page with LIMIT/OFFSET (and a smaller maxRows)';
  return 'narrow the request (filters, a smaller limit) to see the rest';
}

const size = (text: string) => Buffer.byteLength(text, 'utf8');

/** The top-level array holding most of the result: what is cut to fit. */
function largestArray(value: Record<string, unknown>): string | null {
  let best: string | null = null;
  let bestSize = 0;
  for (const [key, item] of Object.entries(value)) {
    if (!Array.isArray(item)) continue;
    const itemSize = size(JSON.stringify(item));
    if (itemSize > bestSize) [best, bestSize] = [key, itemSize];
  }
  return best;
}

/**
 * The result as JSON within `budget` bytes: when too big, its largest list keeps as many
 * leading items as fit, and a `_trimmed` note says how many were left out and how to fetch
 * them. Something without a list to cut is cut as text, with the same kind of note.
 */
export function trimResult(value: unknown, budget: number): { json: string; trimmed: boolean } {
  const full = JSON.stringify(value ?? null);
  if (size(full) <= budget) return { json: full, trimmed: false };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const key = largestArray(record);
    if (key) {
      const items = record[key] as unknown[];
      const withFirst = (n: number) =>
        JSON.stringify({
          ...record,
          [key]: items.slice(0, n),
          _trimmed: { field: key, shown: n, total: items.length, budgetBytes: budget, fetchMore: howToFetchMore(record) },
        });
      let low = 0;
      let high = items.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (size(withFirst(mid)) <= budget) low = mid;
        else high = mid - 1;
      }
      const fitted = withFirst(low);
      if (size(fitted) <= budget) return { json: fitted, trimmed: true };
    }
  }
  const note = `…[trimmed: ${size(full)} bytes, budget ${budget}; narrow the request to see the rest]`;
  const room = Math.max(0, budget - size(note));
  return { json: Buffer.from(full, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '') + note, trimmed: true };
}
