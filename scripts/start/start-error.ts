/** A refusal to start that the person can fix; printed without a stack trace. */
export class StartError extends Error {
  override name = 'StartError';
}
