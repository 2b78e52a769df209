import { readFileSync } from 'node:fs';

/** The version a run worker registers with: its package's (src/ and dist/ both sit two levels below it). */
export const WORKER_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
