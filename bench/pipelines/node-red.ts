import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnService } from '../lib/child.ts';
import { freePort } from '../lib/free-port.ts';
import { nodeRedFunction } from './stream-job.ts';

/** Pinned: the last line that runs on Node 20 (Node-RED 5 asks for Node 22.9). */
export const NODE_RED_VERSION = '4.1.8';
const CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'node-red');
const RED_JS = join(CACHE, 'node_modules', 'node-red', 'red.js');

export interface NodeRedFlowTopics {
  brokerPort: number;
  clientId: string;
  input: string;
  output: string;
}

export interface NodeRed {
  pid: number;
  version: string;
  stop(): Promise<void>;
}

function installedVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(join(CACHE, 'node_modules', 'node-red', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Installs the pinned node-red under bench/.cache (never the repo's dependencies: every CI install would pay for it). */
function ensureNodeRed(): void {
  if (installedVersion() === NODE_RED_VERSION && existsSync(RED_JS)) return;
  console.log(`installing node-red@${NODE_RED_VERSION} into bench/.cache/node-red ...`);
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', CACHE, `node-red@${NODE_RED_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (npm.status !== 0 || installedVersion() !== NODE_RED_VERSION) throw new Error(`npm install node-red@${NODE_RED_VERSION} failed`);
}

/** MQTT in → function → MQTT out, against the given broker. */
function flow(topics: NodeRedFlowTopics): unknown[] {
  return [
    { id: 'bench_tab', type: 'tab', label: 'bench' },
    {
      id: 'bench_broker',
      type: 'mqtt-broker',
      name: 'bench broker',
      broker: '127.0.0.1',
      port: String(topics.brokerPort),
      clientid: topics.clientId,
      autoConnect: true,
      usetls: false,
      protocolVersion: '4',
      keepalive: '60',
      cleansession: true,
      autoUnsubscribe: true,
    },
    { id: 'bench_in', type: 'mqtt in', z: 'bench_tab', name: 'telemetry', topic: topics.input, qos: '1', datatype: 'json', broker: 'bench_broker', nl: false, rap: true, rh: 0, inputs: 0, wires: [['bench_average']] },
    { id: 'bench_average', type: 'function', z: 'bench_tab', name: '1-minute average per host above the threshold', func: nodeRedFunction, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires: [['bench_out']] },
    { id: 'bench_out', type: 'mqtt out', z: 'bench_tab', name: 'events', topic: topics.output, qos: '0', retain: 'false', broker: 'bench_broker', wires: [] },
  ];
}

/**
 * Starts Node-RED (installed on demand) with a generated settings file and flow in a temp user
 * dir: admin and node HTTP off, so it serves nothing; the free port is given in case a setting
 * turns HTTP back on. Stopped (and the dir removed) at cleanup whatever way the bench ends.
 */
export async function startNodeRed(topics: NodeRedFlowTopics): Promise<NodeRed> {
  ensureNodeRed();
  const userDir = mkdtempSync(join(tmpdir(), 'ff-bench-node-red-'));
  const flowFile = join(userDir, 'flows.json');
  writeFileSync(flowFile, JSON.stringify(flow(topics), null, 2));
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: await freePort(),
    httpAdminRoot: false,
    httpNodeRoot: false,
    userDir,
    flowFile,
    credentialSecret: false,
    functionExternalModules: false,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    diagnostics: { enabled: false },
    runtimeState: { enabled: false },
    telemetry: { enabled: false },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
  const settingsFile = join(userDir, 'settings.cjs');
  writeFileSync(settingsFile, `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  const nodeRed = spawnService('node-red', process.execPath, [RED_JS, '--settings', settingsFile, '--userDir', userDir, flowFile], join(userDir, 'node-red.log'), userDir);
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (nodeRed.exited()) throw new Error(`node-red exited at start: ${readFileSync(join(userDir, 'node-red.log'), 'utf8').slice(-2000)}`);
  return { pid: nodeRed.pid, version: NODE_RED_VERSION, stop: nodeRed.stop };
}
