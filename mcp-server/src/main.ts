import { ConfigError } from '@facilflow/config';
import { isFacilFlowError } from '@facilflow/contracts';
import { createRegistry, operations } from '@facilflow/operations';
import { parseToolSelection } from '@facilflow/operations/mcp';
import { CliArgsError, parseCliArgs, type CliArgs } from './cli-args.ts';
import type { RunningServer } from './running-server.ts';
import { StartupError } from './startup-error.ts';
import { usage } from './usage.ts';

async function main(argv: string[]): Promise<void> {
  const args = readArgs(argv);
  if (!args) return;
  if (args.help) {
    process.stdout.write(usage());
    return;
  }
  if (args.http) {
    // Imported per mode, so the relay does not load the platform's stores and providers.
    const { serveHttp } = await import('./http/serve-http.ts');
    const running = await serveHttp();
    console.error(`facilflow-mcp: MCP endpoint ${running.url}`);
    stopOnSignals(running);
    return;
  }
  // Registered before serving, so a client that hangs up during startup still ends the process.
  const stdinEnded = new Promise<void>((resolve) => process.stdin.once('end', resolve));
  const running = process.env.FACILFLOW_URL?.trim()
    ? await (await import('./stdio/serve-relay.ts')).serveRelay(process.env, args.selection)
    : await (await import('./stdio/serve-in-process.ts')).serveInProcess(process.env, parseToolSelection(createRegistry(operations), args.selection));
  const stop = stopOnSignals(running);
  void stdinEnded.then(stop);
}

/**
 * The command line, with the tool selection checked against the registry before anything
 * starts: a typo in --toolsets stops the server (exit 2) instead of serving other tools.
 */
function readArgs(argv: string[]): CliArgs | null {
  try {
    const args = parseCliArgs(argv);
    parseToolSelection(createRegistry(operations), args.selection);
    return args;
  } catch (error) {
    if (!(error instanceof CliArgsError) && !isFacilFlowError(error)) throw error;
    process.stderr.write(`facilflow-mcp: ${error.message}\n\n${usage()}`);
    process.exitCode = 2;
    return null;
  }
}

/** Closes the server once (PGlite must be closed to leave its data directory clean), then exits. */
function stopOnSignals(running: RunningServer): () => Promise<void> {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await running.close();
      process.exit(0);
    } catch (error) {
      console.error('facilflow-mcp: shutdown failed:', error);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return stop;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) console.error(`facilflow-mcp: ${error.message}`);
  else console.error('facilflow-mcp: failed to start:', error);
  process.exit(1);
});
