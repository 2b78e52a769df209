import { FacilFlowError, errorCodeSchema } from '@facilflow/contracts/errors';
import { operationKind } from './operation-kind.ts';
import { requestJson, type JsonResponse } from './request-json.ts';

export interface RemoteTarget {
  /** A running FacilFlow server, e.g. http://127.0.0.1:3000 */
  url: string;
  apiKey: string;
}

interface TrpcAnswer {
  result?: { data: unknown };
  error?: { message: string; data?: { ffCode?: unknown; details?: unknown } };
}

/**
 * Runs one operation on a running server over its tRPC endpoint, as the API key's tenant
 * and role: the server validates, authorizes and audits it like any other front, and the
 * HTTP method follows the procedure kind the tRPC adapter gives it. A destructive one answers NEEDS_CONFIRMATION
 * with the plan and a token; calling again with `--confirm TOKEN` applies it.
 */
export async function callRemote(target: RemoteTarget, name: string, input: unknown, confirmationToken?: string): Promise<unknown> {
  const kind = await operationKind(name);
  const body = confirmationToken === undefined ? input : { ...(input as Record<string, unknown>), confirmationToken };
  const endpoint = new URL(`/api/trpc/${name}`, target.url);
  const headers = { authorization: `Bearer ${target.apiKey}`, accept: 'application/json' };
  let response: JsonResponse;
  try {
    if (kind === 'query') {
      endpoint.searchParams.set('input', JSON.stringify(body));
      response = await requestJson(endpoint, { method: 'GET', headers });
    } else {
      response = await requestJson(endpoint, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    }
  } catch (error) {
    throw new FacilFlowError('UNAVAILABLE', `Cannot reach ${endpoint.origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const answer = (response.body ?? {}) as TrpcAnswer;
  if (answer.result) return answer.result.data;
  const code = errorCodeSchema.safeParse(answer.error?.data?.ffCode);
  const details = answer.error?.data?.details;
  throw new FacilFlowError(
    code.success ? code.data : 'INTERNAL',
    answer.error?.message ?? `HTTP ${response.status} from ${endpoint.origin}`,
    details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined,
  );
}
