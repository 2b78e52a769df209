import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { agentConfigSchema, EnrollResponse } from '@facilflow/contracts';
import type { z } from 'zod';

const AGENT_BIN = fileURLToPath(new URL('../../agent/bin/facilflow-agent.mjs', import.meta.url));

export interface AgentProcess {
  child: ChildProcess;
  pid: number;
  /** The agent's last log lines (warn and above), for a report when something goes wrong. */
  logTail: string[];
}

/**
 * Runs the agent as an operator would: the `facilflow-agent run` binary in its own process, with
 * the identity enrolment would have written to the data dir and the config as a `--config`
 * file. Its CPU and memory are then its own, and whatever the binary sets for production
 * (loader, flags) is what is measured.
 */
export async function spawnAgent(dataDir: string, identity: EnrollResponse, config: z.input<typeof agentConfigSchema>): Promise<AgentProcess> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(join(dataDir, 'identity.json'), JSON.stringify(identity), { mode: 0o600 });
  const configPath = join(dataDir, 'bench-config.json');
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
  const child = spawn(process.execPath, [AGENT_BIN, 'run', '--data-dir', dataDir, '--config', configPath, '--log-level', 'warn'], { stdio: ['ignore', 'inherit', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the agent process did not start');
  const logTail: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    logTail.push(...lines);
    logTail.splice(0, Math.max(0, logTail.length - 20));
  });
  return { child, pid, logTail };
}
