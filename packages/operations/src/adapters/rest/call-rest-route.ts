import { bearerFromHeader, FacilFlowError, isFacilFlowError, type Principal } from '@facilflow/contracts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { restErrorAnswer, type RestAnswer } from './rest-answer.ts';
import type { RestRoute } from './rest-routes.ts';

/**
 * The caller an Authorization header proves, resolved as every front resolves it (an API
 * key or a Firebase ID token); the tenant is the credential's, whatever the request says.
 */
export async function authenticateRest(runtime: Runtime, authorization: string | undefined): Promise<{ principal: Principal } | { refusal: RestAnswer }> {
  const bearer = bearerFromHeader(authorization);
  if (!bearer) {
    const missing = new FacilFlowError('UNAUTHENTICATED', 'Missing credential: send "Authorization: Bearer <API key or Firebase ID token>"');
    return { refusal: restErrorAnswer(missing) };
  }
  try {
    return { principal: await runtime.authenticate(bearer) };
  } catch (e) {
    if (!isFacilFlowError(e)) throw e;
    return { refusal: restErrorAnswer(e, { credentialPresented: true }) };
  }
}

/** Runs the route's operation through the runtime as the `api` front: the output as the 200 body, or the refusal. */
export async function callRestRoute(runtime: Runtime, principal: Principal, route: RestRoute, input: Record<string, unknown>, signal?: AbortSignal): Promise<RestAnswer> {
  try {
    const output = await runtime.invoke(principal, 'api', route.operation.name, input, signal);
    return { status: 200, headers: {}, body: output };
  } catch (e) {
    // The runtime maps whatever an operation throws to a FacilFlowError, logged there.
    return restErrorAnswer(e);
  }
}
