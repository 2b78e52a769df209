import { format, parseArgs } from 'node:util';
import { readConfigFile } from './config/config-files.ts';
import { enroll } from './enroll/enroll.ts';
import { createJsonLogger, errorMessage, LOG_LEVELS, type Logger, type LogLevel } from './log.ts';

const USAGE = `Usage:
  facilflow-agent enroll --server URL --token TOKEN --data-dir DIR
      Exchange a one-time enrolment token for this agent's identity (stored in DIR/identity.json).
  facilflow-agent run --data-dir DIR [--config FILE.json] [--log-level debug|info|warn|error]
      Run the agent. FILE.json is the starting config until a remote config arrives.
Logs are JSON lines on stderr.`;

class UsageError extends Error {}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/** node-opcua prints its warnings and errors on stdout in its own format; make them log lines like ours. */
async function routeOpcuaLogs(log: Logger): Promise<void> {
  const { setErrorLogger, setWarningLogger } = await import('node-opcua-client');
  // eslint-disable-next-line no-control-regex -- ANSI colour codes node-opcua adds
  const plain = (args: unknown[]): string => format(...args).replace(/\u001b\[[0-9;]*m/g, '').trim();
  // node-opcua passes its caller context first, then the message parts.
  setWarningLogger((_context, ...args) => log.warn(plain(args), { component: 'node-opcua' }));
  setErrorLogger((_context, ...args) => log.error(plain(args), { component: 'node-opcua' }));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const log = createJsonLogger({ level: logLevel(values['log-level']) });
  const dataDir = required(values['data-dir'], 'data-dir');
  switch (command) {
    case 'enroll': {
      const { identity, path } = await enroll({ serverUrl: required(values.server, 'server'), token: required(values.token, 'token'), dataDir });
      log.info('enrolled', { tenantId: identity.tenantId, agentId: identity.agentId, identity: path });
      return;
    }
    case 'run': {
      // Loaded only to run: enrolling and usage errors stay quick without node-opcua and mqtt.
      const [{ startAgent }] = await Promise.all([import('./agent.ts'), routeOpcuaLogs(log)]);
      const config = values.config === undefined ? undefined : await readConfigFile(values.config);
      const agent = await startAgent({ dataDir, config, log });
      const shutdown = (signal: string): void => {
        log.info('stopping', { signal });
        agent.stop().then(
          () => process.exit(0),
          (e: unknown) => {
            log.error('stop failed', { error: errorMessage(e) });
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  createJsonLogger().error('facilflow-agent failed', { error: errorMessage(e) });
  process.exitCode = 1;
});
