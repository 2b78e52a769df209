// The README's second command runs this: lint, typecheck, then every suite on the
// embedded defaults (PGlite, Auth emulator, in-process everything).
// `--services` runs the suites again against the real services on this machine
// (PostgreSQL at FF_TEST_DATABASE_URL, default 127.0.0.1:5432). Other arguments go to
// vitest and skip lint and typecheck, e.g. `npm test -- packages/db`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

/** Debian packages the suites drive: Chromium for the browser tests, mosquitto for the MQTT 5 broker suites. */
const SYSTEM_PACKAGES = [
  { binary: '/usr/bin/chromium', apt: 'chromium', why: 'the browser tests' },
  { binary: '/usr/sbin/mosquitto', apt: 'mosquitto', why: 'the Mosquitto broker suites' },
];

/**
 * With PostgreSQL and Redis, run again the suites that touch a database or Redis; the
 * rest (browser, DuckDB, OPC UA, Mosquitto) already ran against their real engines.
 */
const SERVICE_SUITES = [
  'packages/db',
  'packages/auth/test/directory',
  'packages/core',
  'packages/operations',
  'packages/jarvis',
  'packages/ingest',
  'packages/messaging',
  'packages/cli',
  'packages/pipelines/test/scheduler',
  'mcp-server',
  'functions',
  'app/test/server.test.ts',
  'app/test/agent-control-plane.test.ts',
  'test/roles-processes.test.ts',
];

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !existsSync(p.binary));
  if (missing.length === 0) return;
  // No browser or broker download works on this kind of machine; Debian's packages do.
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const names = missing.map((p) => p.apt).join(' ');
    step(`Installing ${names} (apt-get)`, 'sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${names} >/dev/null`], { DEBIAN_FRONTEND: 'noninteractive' });
  }
  for (const p of SYSTEM_PACKAGES) {
    if (!existsSync(p.binary)) {
      console.error(`${p.binary} is missing: install it (apt-get install -y ${p.apt}) to run ${p.why}.`);
      process.exit(1);
    }
  }
}

const services = process.argv.includes('--services');
const given = process.argv.slice(2).filter((a) => a !== '--services');
const extra = services && given.length === 0 ? SERVICE_SUITES : given;
if (services) {
  process.env.FF_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.FF_TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
}
if (extra.length === 0 && !services) {
  if (step('Lint (eslint)', 'npx', ['eslint', '.']) !== 0) process.exit(1);
  if (step('Typecheck (tsc --noEmit, strict)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
}
ensureSystemPackages();
// Suites that start the bins or `npm start` run the compiled code: build what is stale first.
if (step('Build (what changed since the last build)', 'node', ['scripts/build/build.mjs', '--if-stale']) !== 0) process.exit(1);
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
