import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultPlantModelPath, loadPlantModel } from './plant-model.ts';
import type { ExtraTagsSpec } from './server/bench-nodes.ts';

const USAGE = `Usage: facilflow-simulator [options]
  --model PATH        plant file (default: $FACILFLOW_PLANT_MODEL or the demo plant,
                      packages/simulator/plants/demo-plant.json)
  --port N            TCP port, 0 for a free one (default: the plant's opcua.defaultPort)
  --host ADDR         interface to listen on (default 127.0.0.1)
  --seed N            random seed; the same seed replays the same plant (default 1)
  --speed X           simulated seconds per wall second (default 1; 60 = a minute per second)
  --extra-tags LIST   synthetic load-test tags, COUNT@INTERVAL_MS[,...] e.g. 50000@1000,1000@100
  --data-dir DIR      where the PKI (key, certificate) is kept (default: <tmp>/facilflow-simulator)
Security: SecurityMode None with anonymous login is enabled for the local demo.`;

class UsageError extends Error {}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} expects a number, got "${text}"\n\n${USAGE}`);
  return value;
}

function parseExtraTags(text: string | undefined): ExtraTagsSpec[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((entry) => {
    const match = /^(\d+)@(\d+)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--extra-tags expects COUNT@INTERVAL_MS, got "${entry}"\n\n${USAGE}`);
    return { count: Number(match[1]), samplingIntervalMs: Number(match[2]) };
  });
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'extra-tags': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const startedAt = performance.now();
  const options = {
    port: numberOption('port', values.port),
    host: values.host,
    seed: numberOption('seed', values.seed),
    speed: numberOption('speed', values.speed),
    extraTags: parseExtraTags(values['extra-tags']),
    // Kept across runs so the server key is generated once, outside the repository.
    dataDir: values['data-dir'] ?? join(tmpdir(), 'facilflow-simulator'),
  };
  const modelPath = values.model ?? defaultPlantModelPath();
  const model = await loadPlantModel(modelPath);
  // node-opcua takes seconds to load: only once the options and the plant file are known to be good.
  const { startPlantSimulator } = await import('./server/start.ts');
  const simulator = await startPlantSimulator({ model, ...options });
  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      }
    );
  };
  // Before the ready line: whoever waits for it may signal at once, and an unhandled SIGINT kills mid-flight.
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  const extraCount = simulator.nodeIds.extra.reduce((sum, ids) => sum + ids.length, 0);
  const elapsed = Math.round(performance.now() - startedAt);
  const sinceProcessStart = Math.round(performance.now());
  console.log(
    `${model.enterprise} ${model.site}: ${simulator.nodeIds.plant.length} tags${extraCount ? ` + ${extraCount} bench tags` : ''} ` +
      `at ${simulator.endpointUrl} (${simulator.namespaceUri}, speed ${simulator.clock.speed}) ` +
      `ready in ${elapsed} ms (${sinceProcessStart} ms since the process started); model ${modelPath}`
  );
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
