/**
 * A stage failure that says more than a message: where inside the stage it happened (a for-each
 * item, a sub-pipeline's stage), a code, and whether another attempt could help. The executor
 * prefixes `subPath` with the stage's own ["stages", index].
 */
export class StageFailure extends Error {
  readonly subPath: readonly (string | number)[];
  readonly code: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, options: { subPath?: readonly (string | number)[]; code?: string; retryable?: boolean } = {}) {
    super(message);
    this.name = 'StageFailure';
    this.subPath = options.subPath ?? [];
    this.code = options.code;
    this.retryable = options.retryable ?? true;
  }
}
