/** Why an expression was refused or failed, with the character offset it points at. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    message: string,
    /** Zero-based offset into the source. */
    readonly position: number,
    readonly source: string,
  ) {
    super(`${message} (at ${position + 1})`);
  }

  /** The source with a caret under the offending character, for logs and hints. */
  excerpt(): string {
    const start = Math.max(0, this.position - 30);
    const line = this.source.slice(start, this.position + 30);
    return `${line}\n${' '.repeat(this.position - start)}^`;
  }
}
