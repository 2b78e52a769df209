/** A request body or message over its front's byte limit (HTTP 413). */
export class BodyTooLargeError extends Error {
  readonly limit = 'maxBodyBytes' as const;

  constructor(
    readonly maxBytes: number,
    /** The size the sender declared (Content-Length), when that is how it was found. */
    readonly declaredBytes?: number,
  ) {
    super(
      declaredBytes === undefined
        ? `The body is over the ${maxBytes}-byte limit (limit maxBodyBytes=${maxBytes})`
        : `The body is ${declaredBytes} bytes, over the ${maxBytes}-byte limit (limit maxBodyBytes=${maxBytes})`,
    );
    this.name = 'BodyTooLargeError';
  }
}

export function isBodyTooLargeError(error: unknown): error is BodyTooLargeError {
  return error instanceof BodyTooLargeError;
}
