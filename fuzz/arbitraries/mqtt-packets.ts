import fc from 'fast-check';
import { nastyString, oversizeString } from './hostile-values.ts';

/** What a raw connection may log in as: a real agent's credentials, so packets after CONNECT reach the authenticated paths. */
export interface RawCredentials {
  clientId: string;
  username: string;
  password: string;
  /** The agent's own telemetry topic, and one of another tenant. */
  ownTopic: string;
  foreignTopic: string;
}

const str = (text: string | Buffer): Buffer => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(Math.min(bytes.length, 0xffff));
  return Buffer.concat([length, bytes]);
};

/** MQTT's variable-length "remaining length"; `lie` writes a different one than the body has. */
const remainingLength = (n: number): Buffer => {
  const out: number[] = [];
  let x = n;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    out.push(byte);
  } while (x > 0 && out.length < 4);
  return Buffer.from(out);
};

const packet = (firstByte: number, body: Buffer, lie: number | null): Buffer => Buffer.concat([Buffer.from([firstByte & 0xff]), lie === null ? remainingLength(body.length) : lie < 0 ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]) : remainingLength(lie), body]);

const lie = fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1, 268_435_455, 65_536) });
const hostileText = fc.oneof(nastyString, fc.string({ maxLength: 30, unit: 'binary' }), oversizeString.map((s) => s.slice(0, 70_000)));

const connect = (creds: RawCredentials | null) =>
  fc
    .record({
      protocol: fc.oneof({ weight: 6, arbitrary: fc.constant('MQTT') }, { weight: 1, arbitrary: fc.constantFrom('MQIsdp', 'mqtt', '', 'MQTT\u0000') }),
      level: fc.oneof({ weight: 6, arbitrary: fc.constant(4) }, { weight: 1, arbitrary: fc.constantFrom(3, 5, 0, 255) }),
      flags: fc.oneof({ weight: 4, arbitrary: fc.constant(0xc2) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      keepalive: fc.constantFrom(0, 1, 60, 65_535),
      clientId: creds ? fc.oneof({ weight: 4, arbitrary: fc.constant(creds.clientId) }, { weight: 1, arbitrary: hostileText }) : hostileText,
      username: creds ? fc.oneof({ weight: 4, arbitrary: fc.constant(creds.username) }, { weight: 1, arbitrary: hostileText }) : hostileText,
      password: creds ? fc.oneof({ weight: 4, arbitrary: fc.constant(creds.password) }, { weight: 1, arbitrary: hostileText }) : hostileText,
      lie,
    })
    .map((c) => {
      const head = Buffer.concat([str(c.protocol), Buffer.from([c.level, c.flags, c.keepalive >> 8, c.keepalive & 0xff])]);
      const usesCredentials = (c.flags & 0xc0) === 0xc0;
      return packet(0x10, Buffer.concat([head, str(c.clientId), ...(usesCredentials ? [str(c.username), str(c.password)] : [])]), c.lie);
    });

const afterConnect = (creds: RawCredentials) =>
  fc.oneof(
    fc
      .record({
        topic: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(creds.ownTopic, `${creds.ownTopic}/lp`, `${creds.ownTopic}/x`, creds.foreignTopic, '$SYS/x', '#', '', 'a/+/b') }, { weight: 1, arbitrary: hostileText }),
        qos: fc.constantFrom(0, 1, 2, 3),
        retain: fc.boolean(),
        dup: fc.boolean(),
        id: fc.integer({ min: 0, max: 65_535 }),
        payload: fc.oneof(fc.constantFrom('{"v":1}', 'oven,machine=Oven1 ZoneTemperature1=1', ''), hostileText),
        lie,
      })
      .map((p) => {
        const first = 0x30 | (p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 1 : 0);
        const id = p.qos > 0 ? Buffer.from([p.id >> 8, p.id & 0xff]) : Buffer.alloc(0);
        return packet(first, Buffer.concat([str(p.topic), id, Buffer.from(p.payload, 'utf8')]), p.lie);
      }),
    fc
      .record({ filter: fc.oneof(fc.constantFrom('#', '$SYS/#', '+/+/+', creds.ownTopic, creds.foreignTopic, ''), hostileText), qos: fc.integer({ min: 0, max: 255 }), flags: fc.constantFrom(0x82, 0x80, 0x8f), lie })
      .map((s) => packet(s.flags, Buffer.concat([Buffer.from([0, 1]), str(s.filter), Buffer.from([s.qos])]), s.lie)),
    fc.constantFrom(Buffer.from([0xc0, 0x00]), Buffer.from([0xe0, 0x00]), Buffer.from([0x10, 0x00]), Buffer.from([0x00, 0x00]), Buffer.from([0xf0, 0x00]), Buffer.from([0x40, 0x02, 0x00, 0x00]), Buffer.from([0xa2, 0x02, 0x00, 0x01])),
    fc.uint8Array({ minLength: 1, maxLength: 32 }).map((b) => Buffer.from(b)),
  );

/** Bytes for one TCP connection to the broker: noise, a hostile CONNECT, or a good CONNECT followed by hostile packets. */
export function mqttSession(creds: RawCredentials): fc.Arbitrary<Buffer[]> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => [Buffer.from(b)]) },
    { weight: 3, arbitrary: connect(null).map((c) => [c]) },
    { weight: 5, arbitrary: fc.tuple(connect(creds), fc.array(afterConnect(creds), { minLength: 1, maxLength: 4 })).map(([c, rest]) => [c, ...rest]) },
  );
}
