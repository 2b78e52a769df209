import { hostname } from 'node:os';
import { enrollRequestSchema } from '@facilflow/contracts';
import { AGENT_VERSION } from '../version.ts';
import { parseIdentity, writeIdentity, type AgentIdentity } from './identity-file.ts';

export interface EnrollOptions {
  /** The FacilFlow server, e.g. https://facilflow.example.com */
  serverUrl: string;
  /** The one-time enrolment token an admin created for this agent. */
  token: string;
  dataDir: string;
  /** Default 30 s. */
  timeoutMs?: number;
}

export interface EnrollResult {
  identity: AgentIdentity;
  /** Where the identity was stored. */
  path: string;
}

/**
 * Exchanges a one-time token for the agent's identity: tenant, agent id and MQTT credentials
 * scoped to its own topics (POST /api/agents/enroll). The answer is validated and stored in
 * `<dataDir>/identity.json`, mode 0600.
 */
export async function enroll({ serverUrl, token, dataDir, timeoutMs = 30_000 }: EnrollOptions): Promise<EnrollResult> {
  const body = enrollRequestSchema.parse({ token, hostname: hostname().slice(0, 255), version: AGENT_VERSION });
  const url = new URL('/api/agents/enroll', serverUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`enrolment failed: cannot reach ${url.origin}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`enrolment refused by ${url.origin} (HTTP ${response.status}): ${serverMessage(text)}`);
  let identity: AgentIdentity;
  try {
    identity = parseIdentity(JSON.parse(text));
  } catch (e) {
    throw new Error(`enrolment answer from ${url.origin} is not a valid identity: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { identity, path: await writeIdentity(dataDir, identity) };
}

/** The message of a JSON error body ({ message } or { error: { message } }), else the start of the text. */
function serverMessage(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) {
      if ('message' in body && typeof body.message === 'string') return body.message;
      if ('error' in body) {
        const { error } = body;
        if (typeof error === 'string') return error;
        if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
      }
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300) || '(empty body)';
}
