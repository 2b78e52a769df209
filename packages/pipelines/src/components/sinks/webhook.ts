import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import type { ComponentServices } from '../component-services.ts';
import { defineComponent } from '../component.ts';
import { cancellableDelay } from '../../signals.ts';

const config = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2048).describe('An http(s) URL on a host the tenant allows for outbound requests'),
  headers: z.record(z.string().min(1).max(128), z.string().max(4096)).default({}),
  /** Rows per request; a stage's input goes out in as many requests as it takes. */
  batchSize: z.number().int().min(1).max(10_000).default(500),
  /** Delivery attempts per request for a 429, a 5xx or a network failure. */
  attempts: z.number().int().min(1).max(10).default(3),
  retryDelayMs: z.number().int().min(0).max(60_000).default(1000),
});

export type WebhookConfig = z.output<typeof config>;

/** The header a receiver checks the body against, with the pipeline's signing secret. */
export const SIGNATURE_HEADER = 'x-facilflow-signature';

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** POSTs rows as `{ rows: [...] }` JSON, signed; 4xx other than 429 fails at once, 429/5xx and network errors are retried with backoff. */
export async function deliverRows(webhook: WebhookConfig, rows: readonly PipelineRow[], context: { services: ComponentServices; signal: AbortSignal; deliveryId: string }): Promise<number> {
  let requests = 0;
  for (let offset = 0; offset < rows.length; offset += webhook.batchSize) {
    const body = JSON.stringify({ deliveryId: `${context.deliveryId}:${offset}`, rows: rows.slice(offset, offset + webhook.batchSize) });
    const headers = { ...webhook.headers, 'content-type': 'application/json', [SIGNATURE_HEADER]: `sha256=${context.services.signPayload(body)}` };
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const answer = await context.services.httpRequest({ method: 'POST', url: webhook.url, headers, body }, context.signal);
        if (answer.status < 400) break;
        if (!retryable(answer.status)) throw new Error(`the webhook answered ${answer.status}`);
        failure = `the webhook answered ${answer.status}`;
      } catch (error) {
        if (context.signal.aborted || (error instanceof Error && error.message.startsWith('the webhook answered'))) throw error;
        failure = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= webhook.attempts) throw new Error(`${failure} (${attempt} attempts)`);
      await cancellableDelay(webhook.retryDelayMs * 2 ** (attempt - 1), context.signal);
    }
    requests++;
  }
  return requests;
}

export const webhookSink = defineComponent({
  name: 'sink.webhook',
  category: 'sink',
  title: 'Webhook',
  description:
    'POSTs rows as JSON `{ deliveryId, rows }` to a URL on a host the tenant allows, `batchSize` rows per request, each ' +
    'signed with HMAC-SHA256 of the body under the pipeline\'s signing secret in the `x-facilflow-signature: sha256=<hex>` ' +
    'header. A 429, a 5xx or a network failure is retried with exponential backoff; another 4xx fails the stage at once. ' +
    '`deliveryId` lets the receiver drop a repeated delivery. Passes its rows on.',
  config,
  input: { kind: 'rows', min: 1, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Notify the MES of each over-temperature event', with: { url: 'https://mes.example.com/hooks/facilflow', batchSize: 100 } }],
  async run(context, inputs) {
    const rows = inputs.flatMap((input) => input.rows);
    await deliverRows(context.config, rows, { services: context.services, signal: context.signal, deliveryId: `${context.runId}:${context.stageId}` });
    return { rows };
  },
  stream(context, restored) {
    let deliveries = typeof restored === 'number' ? restored : 0;
    return {
      process: async (_inputRef, rows) => {
        deliveries++;
        await deliverRows(context.config, rows, { services: context.services, signal: context.signal, deliveryId: `${context.pipelineId}:${context.stageId}:${deliveries}` });
        return { rows };
      },
      advance: () => ({ rows: [] }),
      snapshot: () => deliveries,
    };
  },
});
