import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  /** Simulator processes the tags are spread over (one agent data source each). */
  shards: number;
  /**
   * How the agent asks for samples. `exception` (sampling interval 0): the server reports each
   * change, which is what the simulator's pushed variables are for. `interval`: the server
   * samples each item on its own timer at the tag's rate — the same notifications, at a far
   * higher cost to the simulator, none to the agent.
   */
  sampling: 'exception' | 'interval';
  warmupS: number;
  measureS: number;
  slowTags: number;
  fastTags: number;
}

const USAGE = `Usage: npm run bench -- agent [--quick] [--shards N] [--sampling exception|interval] [--warmup S] [--measure S]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      shards: { type: 'string' },
      sampling: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sampling = values.sampling ?? 'exception';
  if (sampling !== 'exception' && sampling !== 'interval') throw new Error(`--sampling must be exception or interval\n${USAGE}`);
  return {
    quick,
    shards: positive(values.shards, 'shards', 4),
    sampling,
    // The quick run keeps the full load and shortens only the windows, so it ends on the same line.
    warmupS: positive(values.warmup, 'warmup', quick ? 5 : 30),
    measureS: positive(values.measure, 'measure', quick ? 10 : 120),
    slowTags: 50_000,
    fastTags: 1_000,
  };
}

function positive(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive integer, got "${text}"\n${USAGE}`);
  return value;
}
