import { pick, seededRandom } from './seeded-random.ts';

/**
 * TSBS "cpu-only" data (github.com/timescale/tsbs, use case cpu-only), written from its
 * description: every host has ten tags and, every 10 s, one row of ten CPU usage fields
 * that wander as bounded random walks in 0..100. Values are whole numbers as TSBS
 * emits them; both peers store them as doubles.
 */
export const CPU_FIELDS = [
  'usage_user',
  'usage_system',
  'usage_idle',
  'usage_nice',
  'usage_iowait',
  'usage_irq',
  'usage_softirq',
  'usage_steal',
  'usage_guest',
  'usage_guest_nice',
] as const;

export const CPU_TAGS = ['hostname', 'region', 'datacenter', 'rack', 'os', 'arch', 'team', 'service', 'service_version', 'service_environment'] as const;

export const CPU_MEASUREMENT = 'cpu';
export const CPU_INTERVAL_MS = 10_000;
/** TSBS's default start, 2016-01-01T00:00:00Z. */
export const TSBS_START_MS = Date.UTC(2016, 0, 1);

const REGIONS: Record<string, readonly string[]> = {
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1e'],
  'us-west-1': ['us-west-1a', 'us-west-1b'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b'],
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b'],
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c'],
  'sa-east-1': ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
};
const OSES = ['Ubuntu16.10', 'Ubuntu16.04LTS', 'Ubuntu15.10'];
const ARCHES = ['x64', 'x86'];
const TEAMS = ['SF', 'NYC', 'LON', 'CHI'];
const ENVIRONMENTS = ['production', 'staging', 'test'];

export type HostTags = Record<(typeof CPU_TAGS)[number], string>;

export function hostTags(count: number, seed: number): HostTags[] {
  const random = seededRandom(seed);
  const regions = Object.keys(REGIONS);
  return Array.from({ length: count }, (_, i) => {
    const region = pick(random, regions);
    return {
      hostname: `host_${i}`,
      region,
      datacenter: pick(random, REGIONS[region]!),
      rack: String(Math.floor(random() * 100)),
      os: pick(random, OSES),
      arch: pick(random, ARCHES),
      team: pick(random, TEAMS),
      service: String(Math.floor(random() * 20)),
      service_version: String(Math.floor(random() * 2)),
      service_environment: pick(random, ENVIRONMENTS),
    };
  });
}

/**
 * The rows of a slice of hosts, one timestamp after another. Each slice has its own seed,
 * so the same slice gives the same rows in any process (the MQTT publishers and the
 * InfluxDB writers send identical data). Serialisers build text directly: the load
 * generators share the two cores with the servers they measure.
 */
export class CpuRows {
  readonly hosts: readonly HostTags[];
  private readonly values: Float64Array;
  private readonly random: () => number;
  private readonly jsonPrefixes: string[];
  private readonly linePrefixes: string[];
  private step = 0;

  constructor(hosts: readonly HostTags[], seed: number) {
    this.hosts = hosts;
    this.random = seededRandom(seed);
    this.values = new Float64Array(hosts.length * CPU_FIELDS.length);
    for (let i = 0; i < this.values.length; i++) this.values[i] = Math.floor(this.random() * 100);
    this.jsonPrefixes = hosts.map((tags) => `{"m":"${CPU_MEASUREMENT}","tags":${JSON.stringify(tags)},"f":{`);
    this.linePrefixes = hosts.map((tags) => `${CPU_MEASUREMENT},${CPU_TAGS.map((tag) => `${tag}=${tags[tag]}`).join(',')} `);
  }

  /** Timestamp of the next rows (epoch ms). */
  get nextTime(): number {
    return TSBS_START_MS + this.step * CPU_INTERVAL_MS;
  }

  /** Moves every host one interval on; returns the timestamp of the new rows. */
  advance(): number {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const next = values[i]! + Math.round((this.random() - 0.5) * 10);
      values[i] = next < 0 ? 0 : next > 100 ? 100 : next;
    }
    return TSBS_START_MS + this.step++ * CPU_INTERVAL_MS;
  }

  /** The current rows as the `points` array of a telemetry batch (JSON text). */
  jsonPoints(time: number): string {
    const parts: string[] = new Array<string>(this.hosts.length);
    for (let h = 0; h < this.hosts.length; h++) {
      let fields = '';
      const base = h * CPU_FIELDS.length;
      for (let f = 0; f < CPU_FIELDS.length; f++) fields += `${f === 0 ? '' : ','}"${CPU_FIELDS[f]}":${this.values[base + f]}`;
      parts[h] = `${this.jsonPrefixes[h]}${fields}},"t":${time}}`;
    }
    return `[${parts.join(',')}]`;
  }

  /** The current rows as InfluxDB line protocol, millisecond timestamps. */
  lineProtocol(time: number): string {
    let text = '';
    for (let h = 0; h < this.hosts.length; h++) {
      const base = h * CPU_FIELDS.length;
      let fields = '';
      for (let f = 0; f < CPU_FIELDS.length; f++) fields += `${f === 0 ? '' : ','}${CPU_FIELDS[f]}=${this.values[base + f]}`;
      text += `${this.linePrefixes[h]}${fields} ${time}\n`;
    }
    return text;
  }

  /** The current rows as telemetry points (for loading a store directly). */
  points(time: number): { m: string; tags: Record<string, string>; f: Record<string, number>; t: number }[] {
    return this.hosts.map((tags, h) => {
      const f: Record<string, number> = {};
      for (let i = 0; i < CPU_FIELDS.length; i++) f[CPU_FIELDS[i]!] = this.values[h * CPU_FIELDS.length + i]!;
      return { m: CPU_MEASUREMENT, tags, f, t: time };
    });
  }
}
