import { startAuthEmulator, type AuthEmulator } from '@facilflow/auth/firebase';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz.ts';

/**
 * `npm run fuzz [-- --inputs N --seed S --minutes M --verbose]`: the whole suite against a
 * real platform on a scratch database, with its own Auth emulator unless one is running
 * (FF_TEST_AUTH_EMULATOR_HOST). Prints every failure class, then the one summary line,
 * and exits non-zero when anything was found.
 */
const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20261202' },
    minutes: { type: 'string', default: '30' },
    batch: { type: 'string', default: '250' },
    verbose: { type: 'boolean', default: false },
  },
});

const inputs = Number(values.inputs);
const seed = Number(values.seed);
if (!Number.isSafeInteger(inputs) || inputs < 0 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--inputs N] [--seed S] [--minutes M] [--verbose]');
  process.exit(2);
}

let emulator: AuthEmulator | undefined;
if (!process.env.FF_TEST_AUTH_EMULATOR_HOST) {
  const projectId = 'demo-facilflow-fuzz';
  emulator = await startAuthEmulator({ projectId });
  process.env.FF_TEST_AUTH_EMULATOR_HOST = emulator.host;
  process.env.FF_TEST_PROJECT_ID = projectId;
}

const started = Date.now();
try {
  console.error(`fuzz: ${inputs} inputs, seed ${seed}`);
  const tally = await runFuzz({
    inputs,
    seed,
    batchSize: Number(values.batch),
    timeBudgetMs: Number(values.minutes) * 60_000,
    verbose: values.verbose,
    // Straight to stderr: console.error is held by the run (see log-capture.ts).
    progress: (line) => void process.stderr.write(`  ${line}\n`),
  });
  const perTarget = [...tally.perTarget].map(([name, n]) => `${name} ${n} (${Math.round((tally.perTargetMs.get(name) ?? 0) / 1000)} s)`).join(', ');
  console.error(`  inputs per target: ${perTarget}; checks ${Math.round((tally.perTargetMs.get('checks') ?? 0) / 1000)} s; ${Math.round((Date.now() - started) / 1000)} s in all`);
  console.error(`  slowest: ${tally.slowest(12)}`);
  for (const line of tally.report()) console.log(line);
  process.exitCode = tally.failed ? 1 : 0;
} finally {
  await emulator?.stop();
}
// Handles left by hung calls must not keep a finished run alive.
process.exit(process.exitCode ?? 0);
