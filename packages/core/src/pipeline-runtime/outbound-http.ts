import { FacilFlowError } from '@facilflow/contracts';

const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OutboundAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Whether the URL's host (and port, when the entry names one) is on the allow-list. */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.some((entry) => {
    const separator = entry.lastIndexOf(':');
    const hasPort = separator > 0 && !entry.endsWith(']') && /^\d+$/.test(entry.slice(separator + 1));
    return hasPort ? entry.slice(0, separator) === host && entry.slice(separator + 1) === port : entry === host;
  });
}

/**
 * A stage's HTTP request: only to allowed hosts, never following a redirect (it could lead off
 * the list), 30 s at most, the answer read up to 8 MiB.
 */
export async function sendOutboundRequest(request: OutboundRequest, allowedHosts: readonly string[], signal: AbortSignal): Promise<OutboundAnswer> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FacilFlowError('INVALID', `${url.protocol} is not http or https`);
  if (!isAllowedHost(url, allowedHosts)) {
    throw new FacilFlowError('FORBIDDEN', `${url.host} is not a host pipelines may call: an admin adds it to FACILFLOW_PIPELINE_HTTP_HOSTS`);
  }
  const response = await fetch(url, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new FacilFlowError('INVALID', `${url.host} answered more than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.concat(chunks).toString('utf8') };
}
