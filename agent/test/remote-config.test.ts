import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentConfigSchema, agentStatusSchema, type TelemetryBatch } from '@facilflow/contracts';
import type { PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../src/agent.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import type { RecordingLogger } from './support/log.ts';
import type { Observer } from './support/observer.ts';
import { plantSource } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';

let rig: AgentRig;
let simulator: PlantSimulator;
let observer: Observer;
let agent: RunningAgent;
let log: RecordingLogger;
let dataDir: string;

const plantTags = (machine: string) => plantSource('opc.tcp://unused').tags.filter((t) => t.tags?.machine === machine);

beforeAll(async () => {
  // No starting config: the agent waits for one on its config topic.
  rig = await startAgentRig({ label: 'config', tenantId: 'acme', agentId: 'edge_cfg', seed: 9 });
  ({ simulator, observer, agent, log, dataDir } = rig);
});

afterAll(() => rig?.stop());

describe('remote config', () => {
  it('applies a retained config from its config topic and reports the version it runs', async () => {
    expect(agent.stats().appliedConfigVersion).toBeNull();
    await observer.publish('config', { version: 1, sources: [plantSource(simulator.endpointUrl, { tags: plantTags('Oven1') })], batch: { maxPoints: 20, maxDelayMs: 200 } }, { retain: true });
    const status = await observer.until<PublishedStatus>('status', (s) => s.appliedConfigVersion === 1 && s.sources[0]?.state === 'connected');
    expect(agentStatusSchema.parse(status).appliedConfigVersion).toBe(1);
    expect(status.sources[0]?.monitoredItems).toBe(plantTags('Oven1').length);
    const batch = await observer.until<TelemetryBatch>('telemetry');
    expect(batch.points.every((p) => p.tags.machine === 'Oven1')).toBe(true);
    // Persisted, so a restart without the broker runs it too.
    expect(agentConfigSchema.parse(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8'))).version).toBe(1);
  });

  it('rejects an invalid config, reports why in its status and log, and keeps running the one it had', async () => {
    const rejected = observer.next<PublishedStatus>('status', (s) => s.configError !== null);
    await observer.publish('config', { version: 2, sources: [{ id: 'Not An Id', kind: 'opcua', endpointUrl: 'http://wrong', tags: [] }] }, { retain: true });
    const status = await rejected;
    expect(status.appliedConfigVersion).toBe(1);
    expect(status.configError).toMatchObject({ version: 2, error: expect.stringContaining('endpointUrl') });
    expect(status.sources[0]).toMatchObject({ id: 'plant', state: 'connected' });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'remote config rejected; the running config stays', version: 2 }));
    // Not JSON at all is turned down the same way.
    const notJson = observer.next<PublishedStatus>('status', (s) => s.configError?.version === null);
    await observer.publish('config', '{"version": 3,', { retain: true });
    expect((await notJson).configError?.error).toMatch(/^not JSON/);
    // Data still flows from the running config.
    const before = observer.of<TelemetryBatch>('telemetry').length;
    await observer.next<TelemetryBatch>('telemetry');
    expect(observer.of<TelemetryBatch>('telemetry').length).toBeGreaterThan(before);
  });

  it('applies a newer config by touching only the sources that changed, and ignores an older one', async () => {
    const restartsBefore = log.lines.filter((l) => l.msg === 'source changed: restarting it').length;
    const applied = observer.next<PublishedStatus>('status', (s) => s.appliedConfigVersion === 4 && s.sources.length === 2 && s.sources.every((src) => src.state === 'connected'));
    await observer.publish(
      'config',
      {
        version: 4,
        sources: [plantSource(simulator.endpointUrl, { tags: plantTags('Oven1') }), plantSource(simulator.endpointUrl, { id: 'mixing', tags: plantTags('Mixer1') })],
        batch: { maxPoints: 20, maxDelayMs: 200 },
      },
      { retain: true },
    );
    const status = await applied;
    expect(status.configError).toBeNull();
    expect(status.sources.map((s) => [s.id, s.monitoredItems])).toEqual([
      ['plant', plantTags('Oven1').length],
      ['mixing', plantTags('Mixer1').length],
    ]);
    // The unchanged source kept its connection.
    expect(log.lines.filter((l) => l.msg === 'source changed: restarting it')).toHaveLength(restartsBefore);
    expect(log.lines.filter((l) => l.msg === 'source state' && l.source === 'plant' && l.state === 'connecting')).toHaveLength(0);
    await observer.until<TelemetryBatch>('telemetry', (b) => b.points.some((p) => p.tags.machine === 'Mixer1'));

    // A lower version changes nothing: had it been applied, 'plant' would have stopped.
    const mark = log.lines.length;
    await observer.publish('config', { version: 3, sources: [] }, { retain: true });
    await observer.publish('config', { version: 5, sources: [plantSource(simulator.endpointUrl, { tags: plantTags('Oven1') })] }, { retain: true });
    const latest = await observer.until<PublishedStatus>('status', (s) => s.appliedConfigVersion === 5);
    expect(latest.sources.map((s) => s.id)).toEqual(['plant']);
    expect(log.lines.slice(mark).filter((l) => l.msg === 'source removed: stopping it').map((l) => l.source)).toEqual(['mixing']);
    expect(log.lines.slice(mark)).toContainEqual(expect.objectContaining({ msg: 'remote config not newer than the running one; ignored', version: 3, running: 4 }));
  });
});
