import { Agent, request } from 'node:http';

/**
 * `pipelines.get` over tRPC's HTTP GET, as the web app asks it: one keep-alive connection, the
 * API key as bearer, the answer read whole and parsed. Resolves to the round trip in ms.
 */
export function pipelinesGetClient(baseUrl: string, apiKey: string, pipelineId: string): () => Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const path = `/api/trpc/pipelines.get?input=${encodeURIComponent(JSON.stringify({ id: pipelineId }))}`;
  return () =>
    new Promise<number>((resolve, reject) => {
      const began = performance.now();
      const req = request(`${baseUrl}${path}`, { agent, headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`pipelines.get answered ${res.statusCode}: ${body.slice(0, 300)}`));
          const parsed = JSON.parse(body) as { result?: { data?: { pipeline?: { id: string } } } };
          if (parsed.result?.data?.pipeline?.id !== pipelineId) return reject(new Error(`pipelines.get answered another shape: ${body.slice(0, 300)}`));
          resolve(performance.now() - began);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
}

/** Calls `get` back to back, `gapMs` apart, until `until` settles; each round trip in ms with when it began. */
export async function sampleWhile(get: () => Promise<number>, until: Promise<unknown>, gapMs: number): Promise<Array<{ at: number; ms: number }>> {
  let done = false;
  const stop = () => void (done = true);
  until.then(stop, stop);
  const samples: Array<{ at: number; ms: number }> = [];
  while (!done) {
    const at = performance.now();
    samples.push({ at, ms: await get() });
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return samples;
}
