import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * Counts outgoing node:http/node:https requests (firebase-admin fetches Google's public
 * keys through node:https). Observation only: requests still go out as usual.
 */
export function watchOutgoingRequests(): { count(): number; stop(): void } {
  let count = 0;
  const onRequest = (): void => {
    count++;
  };
  subscribe('http.client.request.start', onRequest);
  return {
    count: () => count,
    stop: () => {
      unsubscribe('http.client.request.start', onRequest);
    },
  };
}
