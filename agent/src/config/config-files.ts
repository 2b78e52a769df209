import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentConfigSchema, type AgentConfig } from '@facilflow/contracts';
import { z } from 'zod';

export type ConfigParse = { ok: true; config: AgentConfig } | { ok: false; version: number | null; error: string };

/** Validates a config from anywhere (remote payload, file); on failure says why, and which version it claimed. */
export function parseAgentConfig(raw: unknown): ConfigParse {
  const parsed = agentConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const version = typeof raw === 'object' && raw !== null && 'version' in raw && typeof raw.version === 'number' ? raw.version : null;
  return { ok: false, version, error: z.prettifyError(parsed.error) };
}

/** The local starting config (`--config file.json`); a bad file is an error the operator must fix. */
export async function readConfigFile(path: string): Promise<AgentConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the config file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseAgentConfig(raw);
  if (!parsed.ok) throw new Error(`invalid config file ${path}:\n${parsed.error}`);
  return parsed.config;
}

const APPLIED_CONFIG = 'config.json';

/**
 * The last remote config applied, kept in the data dir so that an agent restarting while the
 * broker is away runs what it was told to run, not an older local file.
 */
export async function readAppliedConfig(dataDir: string): Promise<AgentConfig | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, APPLIED_CONFIG), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const parsed = parseAgentConfig(JSON.parse(text));
  return parsed.ok ? parsed.config : null;
}

export async function writeAppliedConfig(dataDir: string, config: AgentConfig): Promise<void> {
  const path = join(dataDir, APPLIED_CONFIG);
  // Source passwords may be in it: owner-only, and replaced whole so a crash leaves the old file or the new one.
  await writeFile(`${path}.tmp`, JSON.stringify(config, null, 2), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}
