import { isFacilFlowError } from '@facilflow/contracts';
import { sendOutboundRequest } from '../../pipeline-runtime/outbound-http.ts';
import type { Services } from '../../services.ts';
import { answered, failedToSend, type AttemptResult } from './attempt.ts';

const POST_TIMEOUT_MS = 15_000;

/**
 * One JSON POST to a host on the outbound allow-list (the one pipeline stages use), no
 * redirects. A host the list refuses is final; a network failure may pass.
 */
export async function postJson(services: Services, url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
  try {
    const answer = await sendOutboundRequest({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, body }, services.outbound.httpHosts, AbortSignal.timeout(POST_TIMEOUT_MS));
    return answered(answer.status);
  } catch (error) {
    return failedToSend(error, !isFacilFlowError(error));
  }
}
