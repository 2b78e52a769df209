/** What one attempt to send told: delivered, or why not and whether trying again could help. */
export interface AttemptResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  /** A 429, a 5xx, a timeout or a network failure; another 4xx or a refused host is final. */
  retryable: boolean;
}

export function answered(status: number): AttemptResult {
  if (status < 300) return { delivered: true, statusCode: status, error: null, retryable: false };
  return { delivered: false, statusCode: status, error: `the receiver answered ${status}`, retryable: status === 408 || status === 429 || status >= 500 };
}

export function failedToSend(error: unknown, retryable: boolean): AttemptResult {
  return { delivered: false, statusCode: null, error: error instanceof Error ? error.message : String(error), retryable };
}
