import { randomUUID } from 'node:crypto';
import { agentTopic, type AgentCommandResponse } from '@facilflow/contracts';
import type { PlantSimulator } from '@facilflow/simulator';
import { connectAsync, type IPublishPacket } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../src/agent.ts';
import type { BrowsePage } from '../src/opcua/browse.ts';
import type { TagReading } from '../src/opcua/read-tag.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import { command, sendCommand } from './support/commands.ts';
import { recordingLogger, type RecordingLogger } from './support/log.ts';
import { startMosquitto, type MosquittoUnderTest } from '@facilflow/testkit/mosquitto';
import type { Observer } from './support/observer.ts';
import { demoPlant, expectedValue, plantSource } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';

const SEED = 4;
const ids = { tenantId: 'acme', agentId: 'edge_cmd' };
let rig: AgentRig;
let simulator: PlantSimulator;
let observer: Observer;
let agent: RunningAgent;
let log: RecordingLogger;

const oven1 = () => plantSource('opc.tcp://unused').tags.filter((t) => t.tags?.machine === 'Oven1');
const ZONE_TEMPERATURE = 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven1.ZoneTemperature1';

beforeAll(async () => {
  // The scale mode: the plant plus 51,000 synthetic tags under Objects/Bench, a thousand per group.
  rig = await startAgentRig({
    label: 'commands',
    ...ids,
    seed: SEED,
    extraTags: [
      { count: 50_000, samplingIntervalMs: 1000 },
      { count: 1000, samplingIntervalMs: 100 },
    ],
    config: (endpointUrl) => ({ version: 1, sources: [plantSource(endpointUrl, { tags: oven1() })], batch: { maxPoints: 20, maxDelayMs: 200 } }),
  });
  ({ simulator, observer, agent, log } = rig);
});

afterAll(() => rig?.stop());

/** Follows continuation points to the end; returns the pages. */
async function browseAll(nodeId: string, maxReferences: number): Promise<BrowsePage[]> {
  const pages: BrowsePage[] = [];
  let continuationPoint: string | undefined;
  do {
    const response = await command(observer, ids, { command: 'browse', args: { sourceId: 'plant', nodeId, maxReferences, ...(continuationPoint ? { continuationPoint } : {}) } });
    expect(response, JSON.stringify(response)).toMatchObject({ ok: true });
    const page = response.result as BrowsePage;
    pages.push(page);
    continuationPoint = page.continuationPoint;
  } while (continuationPoint);
  return pages;
}

describe('commands', () => {
  it('readTag answers the value, status, timestamps, data type, unit and range of a tag', async () => {
    const response = await command(observer, ids, { command: 'readTag', args: { sourceId: 'plant', nodeId: ZONE_TEMPERATURE } });
    expect(response.ok).toBe(true);
    const reading = response.result as TagReading;
    expect(reading).toMatchObject({
      nodeId: ZONE_TEMPERATURE,
      statusCode: 'Good',
      dataType: 'Double',
      engineeringUnits: { displayName: 'degC', unitId: [...'CEL'].reduce((id, c) => id * 256 + c.charCodeAt(0), 0) },
      euRange: { low: expect.any(Number), high: expect.any(Number) },
    });
    const tag = demoPlant.tags.find((t) => t.nodeId === ZONE_TEMPERATURE);
    if (!tag || reading.sourceTimestamp === null) throw new Error('no tag or no source timestamp');
    expect(reading.euRange).toEqual({ low: tag.range.min, high: tag.range.max });
    expect(reading.value).toBe(expectedValue(tag, Date.parse(reading.sourceTimestamp), SEED).value);

    const unknown = await command(observer, ids, { command: 'readTag', args: { sourceId: 'plant', nodeId: 'ns=1;s=No.Such.Tag' } });
    expect(unknown).toMatchObject({ ok: false, error: expect.stringContaining('BadNodeIdUnknown') });
  });

  it('browse pages through the 51,000-tag scale mode with continuation points', async () => {
    const root = await browseAll('RootFolder', 500);
    expect(root.flatMap((p) => p.references.map((r) => r.browseName))).toEqual(expect.arrayContaining(['Objects', 'Types', 'Views']));

    const groups = await browseAll('ns=1;s=Bench', 20);
    expect(groups.map((p) => p.references.length)).toEqual([20, 20, 11]);
    expect(groups.flatMap((p) => p.references.map((r) => r.browseName))).toEqual(Array.from({ length: 51 }, (_, i) => `1:Group_${i}`));

    const pages = await browseAll('ns=1;s=Bench.Group_50', 300);
    expect(pages.map((p) => p.references.length)).toEqual([300, 300, 300, 100]);
    expect(pages.slice(0, 3).every((p) => typeof p.continuationPoint === 'string')).toBe(true);
    const tags = pages.flatMap((p) => p.references);
    expect(tags.map((r) => r.nodeId)).toEqual(simulator.nodeIds.extra[1]);
    expect(tags.every((r) => r.nodeClass === 'Variable' && r.dataType === 'Double')).toBe(true);
  });

  it('restartSource rebuilds the connection and answers once the source is back', async () => {
    const response = await command(observer, ids, { command: 'restartSource', args: { sourceId: 'plant' } });
    expect(response).toMatchObject({ ok: true, result: { sourceId: 'plant', state: 'connected', monitoredItems: oven1().length, lastError: null } });
    expect(log.lines.filter((l) => l.msg === 'source state' && l.source === 'plant').map((l) => l.state)).toEqual(['connected', 'connecting', 'connected']);
    const unknown = await command(observer, ids, { command: 'restartSource', args: { sourceId: 'nope' } });
    expect(unknown).toMatchObject({ ok: false, error: expect.stringContaining('nope') });
  });

  it('flushBuffer delivers everything buffered and says so', async () => {
    const response = await command(observer, ids, { command: 'flushBuffer', args: {} });
    expect(response).toMatchObject({ ok: true, result: { drained: true, batchesAfter: expect.any(Number) } });
    expect(agent.stats().buffer.firstUnacked).toBeGreaterThan(0);
  });

  it('ignores expired requests and foreign response topics, and answers a request it cannot run with ok: false', async () => {
    const expired = await sendCommand(observer, ids, { command: 'flushBuffer', args: {} }, { expiresInMs: -1000 });
    const foreign = await sendCommand(observer, ids, { command: 'flushBuffer', args: {} }, { responseTopic: agentTopic(ids.tenantId, 'someone_else', 'responses') });
    const invalid = await sendCommand(observer, ids, { command: 'reboot', args: {} });
    // Requests are taken in order: once the last is answered, the first two were seen and passed over.
    expect(await invalid.response).toMatchObject({ ok: false, error: expect.stringContaining('invalid request') });
    const answered = new Set(observer.of<AgentCommandResponse>('responses').map((r) => r.correlationId));
    expect(answered.has(expired.correlationId)).toBe(false);
    expect(answered.has(foreign.correlationId)).toBe(false);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'command ignored: expired', correlationId: expired.correlationId }));
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'command ignored: its response topic is not this agent’s responses topic', correlationId: foreign.correlationId }));
  });
});

describe('commands over MQTT 5 (Mosquitto)', () => {
  let mosquitto: MosquittoUnderTest;
  let agent5: RunningAgent;

  beforeAll(async () => {
    mosquitto = await startMosquitto({ dynamicSecurity: false });
    agent5 = await startAgent({
      dataDir: await rig.dirs.make(),
      identity: { tenantId: 'acme', agentId: 'edge_v5', mqtt: { url: mosquitto.url, clientId: 'edge_v5', username: 'edge_v5', password: 'unused', protocolVersion: 5 } },
      log: recordingLogger(),
    });
  });

  afterAll(async () => {
    await agent5?.stop();
    await mosquitto?.stop();
  });

  it('answers with the request’s correlation data as an MQTT 5 property', async () => {
    const client = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'requester', reconnectPeriod: 0 });
    const responseTopic = agentTopic('acme', 'edge_v5', 'responses', 'requester');
    const correlationData = Buffer.from(randomUUID());
    const statusTopic = agentTopic('acme', 'edge_v5', 'status');
    const online = new Promise<void>((resolve) => {
      client.on('message', (topic, payload) => {
        if (topic === statusTopic && (JSON.parse(payload.toString('utf8')) as PublishedStatus).state === 'online') resolve();
      });
    });
    const answer = new Promise<{ body: AgentCommandResponse; packet: IPublishPacket }>((resolve) => {
      client.on('message', (topic, payload, packet) => {
        if (topic === responseTopic) resolve({ body: JSON.parse(payload.toString('utf8')) as AgentCommandResponse, packet });
      });
    });
    await client.subscribeAsync([responseTopic, statusTopic], { qos: 1 });
    // The agent subscribes to its commands topic before it publishes its status: once the status is there, so is the subscription.
    await online;
    const request = { correlationId: 'c-1', responseTopic, expiresAt: Date.now() + 30_000, request: { command: 'flushBuffer', args: {} } };
    await client.publishAsync(agentTopic('acme', 'edge_v5', 'commands'), JSON.stringify(request), { qos: 1, properties: { responseTopic, correlationData } });
    const { body, packet } = await answer;
    expect(body).toMatchObject({ correlationId: 'c-1', ok: true });
    expect(packet.properties?.correlationData).toEqual(correlationData);
    await client.endAsync();
  });
});
