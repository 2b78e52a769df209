import type { ToolSelectionRequest } from '@facilflow/contracts';

export interface CliArgs {
  help: boolean;
  http: boolean;
  selection: ToolSelectionRequest;
}

/** A command line the server cannot run with; main prints it with the usage and exits 2. */
export class CliArgsError extends Error {}

/** `--toolsets a,b` or `--toolsets=a,b`, `--read-only`, `--http`, `--help`; anything else is refused, never ignored. */
export function parseCliArgs(args: readonly string[]): CliArgs {
  const parsed: CliArgs = { help: false, http: false, selection: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--http') parsed.http = true;
    else if (arg === '--read-only') parsed.selection.readOnly = 'true';
    else if (arg.startsWith('--read-only=')) parsed.selection.readOnly = arg.slice('--read-only='.length);
    else if (arg.startsWith('--toolsets=')) parsed.selection.toolsets = arg.slice('--toolsets='.length);
    else if (arg === '--toolsets') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new CliArgsError('--toolsets needs a value, e.g. --toolsets default,apiKeys');
      parsed.selection.toolsets = value;
    } else throw new CliArgsError(`unknown argument ${arg}`);
  }
  if (parsed.http && (parsed.selection.toolsets !== undefined || parsed.selection.readOnly !== undefined)) {
    throw new CliArgsError('--toolsets and --read-only are for stdio; on --http each client chooses with the X-MCP-Toolsets and X-MCP-Readonly headers (or ?toolsets=&read_only=)');
  }
  return parsed;
}
