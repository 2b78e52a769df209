/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break; objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * Lines appended until the next would pass `maxBytes` (UTF-8) or `maxRows` rows are in: the
 * page then says where it stopped, and a line is never cut.
 */
export class BoundedText {
  private readonly parts: string[] = [];
  private size = 0;
  rows = 0;
  full = false;

  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number,
    header = '',
  ) {
    if (header !== '') this.push(header);
  }

  /** False, and nothing added, when the row does not fit. */
  offerRow(line: string): boolean {
    if (this.full || this.rows >= this.maxRows || this.size + Buffer.byteLength(line) > this.maxBytes) {
      this.full = true;
      return false;
    }
    this.push(line);
    this.rows++;
    return true;
  }

  get bytes(): number {
    return this.size;
  }

  text(): string {
    return this.parts.join('');
  }

  private push(line: string): void {
    this.parts.push(line);
    this.size += Buffer.byteLength(line);
  }
}
