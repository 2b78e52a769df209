import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as it is; an array is sent chunk by chunk without a Content-Length (chunked). */
  body?: string | Buffer | readonly Buffer[];
}

/**
 * One HTTP request with exactly the headers given (fetch will not send a chosen Host), that
 * resolves with the answer even when the server answers before the body is all sent and
 * closes the connection, as it does for an oversize body.
 */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? 'GET', headers: options.headers ?? {}, setHost: options.headers?.host === undefined },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('upgrade', (res, socket) => {
      answered = true;
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, text: '' });
    });
    // The server may close while we still write an oversize body; the answer it sent first is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.on('close', () => {
      if (!answered) reject(new Error(`${options.method ?? 'GET'} ${options.url}: the connection closed without an answer`));
    });
    const { body } = options;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}
