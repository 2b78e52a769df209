// The README's second command runs this: lint, typecheck, then every suite on the
// embedded defaults (PGlite, Auth emulator, in-process everything).
// `--services` runs the suites again against the real services on this machine
// (PostgreSQL at FF_TEST_DATABASE_URL, default 127.0.0.1:5432). Other arguments go to
// vitest and skip lint and typecheck, e.g. `npm test -- packages/db`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  // Browser tests drive Debian's Chromium; no browser download works on this kind of machine.
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    step('Installing Chromium for the browser tests (apt-get install chromium)', 'sh', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium >/dev/null'], env);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) to run the browser tests.`);
    process.exit(1);
  }
}

const services = process.argv.includes('--services');
const extra = process.argv.slice(2).filter((a) => a !== '--services');
if (services) {
  process.env.FF_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.FF_TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
}
if (extra.length === 0 && !services) {
  if (step('Lint (eslint)', 'npx', ['eslint', '.']) !== 0) process.exit(1);
  if (step('Typecheck (tsc --noEmit, strict)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
}
ensureChromium();
mkdirSync('.test-results', { recursive: true });
const label = process.env.FF_TEST_DATABASE_URL ? 'PostgreSQL and the real services on this machine' : 'embedded defaults';
const report = `.test-results/vitest-${process.env.FF_TEST_DATABASE_URL ? 'services' : 'embedded'}.json`;
const status = step(`Tests on ${label} (vitest)`, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (r.numTotalTests === 0) process.exit(1);
}
process.exit(status);
