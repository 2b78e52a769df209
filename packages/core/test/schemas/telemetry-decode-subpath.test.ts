import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Value imports only: `import type` and `export type` vanish from the build.
const IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** A workspace package's subpath to its source file, as the `facilflow-source` condition resolves it. */
function sourceOf(specifier: string): string {
  const [, name, rest] = /^@facilflow\/([^/]+)(\/.*)?$/.exec(specifier)!;
  const manifest = JSON.parse(readFileSync(resolve(PACKAGES, name!, 'package.json'), 'utf8')) as { exports: Record<string, { 'facilflow-source': string }> };
  return resolve(PACKAGES, name!, manifest.exports[`.${rest ?? ''}`]!['facilflow-source']);
}

/** Every module a file loads, followed through relative and workspace imports: the outside packages and the workspace entry points reached. */
function importGraph(entry: string): { external: Set<string>; workspace: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const workspace = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!));
      else if (specifier!.startsWith('@facilflow/')) {
        workspace.add(specifier!);
        visit(sourceOf(specifier!));
      } else if (!specifier!.startsWith('node:')) external.add(specifier!);
    }
  };
  visit(entry);
  return { external, workspace };
}

describe('@facilflow/core/telemetry-decode', () => {
  it('loads the contracts, the line-protocol codec and msgpackr, nothing of the database or the stores', () => {
    const graph = importGraph(sourceOf('@facilflow/core/telemetry-decode'));
    expect([...graph.workspace].sort()).toEqual(['@facilflow/contracts', '@facilflow/timeseries/line-protocol']);
    expect([...graph.external].sort()).toEqual(['msgpackr', 'zod']);
  });
});
