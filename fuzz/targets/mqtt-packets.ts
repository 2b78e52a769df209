import { agentTopic } from '@facilflow/contracts';
import { connect, type Socket } from 'node:net';
import { mqttSession } from '../arbitraries/mqtt-packets.ts';
import { withDeadline } from '../deadline.ts';
import { describeError, type Outcome } from '../outcome.ts';
import type { Target } from '../target.ts';
import type { World } from '../world.ts';

/**
 * Raw bytes to the broker's TCP port, one connection per input: whatever the bytes, the
 * broker must close or keep the connection and stay up (the liveness check publishes after
 * the batch; a broker exception surfaces as a process-level finding).
 */
export function mqttPacketsTarget(world: World): Target<Buffer[]> {
  const url = new URL(world.agentRaw.mqtt.url);
  const creds = {
    clientId: world.agentRaw.mqtt.clientId,
    username: world.agentRaw.mqtt.username,
    password: world.agentRaw.mqtt.password,
    ownTopic: agentTopic(world.agentRaw.tenantId, world.agentRaw.agentId, 'telemetry'),
    foreignTopic: agentTopic(world.agentB.tenantId, world.agentB.agentId, 'telemetry'),
  };

  let socket: Socket | undefined;
  const session = (packets: Buffer[]) =>
    new Promise<Outcome>((resolve) => {
      socket = connect({ host: url.hostname, port: Number(url.port) });
      const s = socket;
      s.on('error', () => undefined);
      s.on('data', () => undefined);
      s.once('close', () => resolve({ kind: 'ok' }));
      s.once('connect', () => {
        for (const p of packets) s.write(p);
        // Half-close: the broker sees the end of input and must finish with the connection.
        s.end();
      });
    });

  return {
    name: 'mqtt-packets',
    arbitrary: mqttSession(creds),
    subject: (packets) => `raw ${packetName(packets[packets.length - 1])}`,
    describe: (packets) => packets.map((p) => `${p.length}B ${p.subarray(0, 20).toString('hex')}${p.length > 20 ? '…' : ''}`).join(' | '),
    async execute(packets) {
      const settled = await withDeadline(session(packets).catch((error: unknown): Outcome => ({ kind: 'crash', error: describeError(error) })));
      if (settled.settled) return settled.value;
      socket?.destroy();
      return { kind: 'hung' };
    },
  };
}

const NAMES = ['reserved', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];

function packetName(packet: Buffer | undefined): string {
  const first = packet?.[0];
  return first === undefined ? 'empty' : (NAMES[first >> 4] ?? 'bytes');
}
