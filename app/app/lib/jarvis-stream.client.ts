import { jarvisStreamEventSchema, type JarvisStreamEvent } from '@facilflow/contracts';
import { currentIdToken } from '../auth/firebase.client.ts';
import type { FirebaseSettings } from './settings.ts';

/** A refusal before the answer started (not configured, not signed in, not this person's conversation). */
export class JarvisRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function eventOf(chunk: string): JarvisStreamEvent | null {
  const data = chunk
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trimStart())
    .join('\n');
  return data ? jarvisStreamEventSchema.parse(JSON.parse(data)) : null;
}

async function refusalOf(response: Response): Promise<JarvisRefusal> {
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string) => (typeof body === 'object' && body !== null && name in body ? String((body as Record<string, unknown>)[name]) : null);
  return new JarvisRefusal(field('code') ?? `HTTP ${response.status}`, field('message') ?? response.statusText);
}

/** Sends the person's message with their ID token and hands each server-sent event over as it arrives. */
export async function sendJarvisMessage(
  firebase: FirebaseSettings,
  conversationId: string,
  body: { text: string; page: { path: string; title: string } },
  onEvent: (event: JarvisStreamEvent) => void,
): Promise<void> {
  const token = await currentIdToken(firebase);
  const response = await fetch(`/api/jarvis/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await refusalOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const event = eventOf(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (event) onEvent(event);
      end = buffered.indexOf('\n\n');
    }
  }
}
