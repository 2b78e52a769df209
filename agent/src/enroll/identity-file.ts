import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enrollResponseSchema, isTopicId, type EnrollResponse } from '@facilflow/contracts';

/** Who the agent is and how it reaches its broker: the enrolment answer, kept in the data dir. */
export type AgentIdentity = EnrollResponse;

const IDENTITY_FILE = 'identity.json';

function identityPath(dataDir: string): string {
  return join(dataDir, IDENTITY_FILE);
}

/**
 * The ids end up in every MQTT topic of the agent; the contract's schema accepts any string,
 * so they are checked against the topic rules here, before anything is written or connected.
 */
export function parseIdentity(raw: unknown): AgentIdentity {
  const identity = enrollResponseSchema.parse(raw);
  if (!isTopicId(identity.tenantId) || !isTopicId(identity.agentId)) {
    throw new Error(`tenantId "${identity.tenantId}" and agentId "${identity.agentId}" must be topic ids (lower-case letters, digits, underscores)`);
  }
  return identity;
}

export async function readIdentity(dataDir: string): Promise<AgentIdentity> {
  const path = identityPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path} does not exist: enrol the agent first (facilflow-agent enroll)`);
    throw e;
  }
  return parseIdentity(JSON.parse(text));
}

/** Owner-only (it holds the broker password), written to a temp file and renamed so it is never half there. */
export async function writeIdentity(dataDir: string, identity: AgentIdentity): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = identityPath(dataDir);
  await writeFile(`${path}.tmp`, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode only applies when it creates the file; a leftover temp file keeps its own.
  await chmod(`${path}.tmp`, 0o600);
  await rename(`${path}.tmp`, path);
  return path;
}
