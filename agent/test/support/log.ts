import { createJsonLogger, type Logger } from '../../src/log.ts';

export interface RecordingLogger extends Logger {
  /** Every line written, parsed. */
  readonly lines: Array<Record<string, unknown> & { level: string; msg: string }>;
}

/** The agent's real JSON logger, writing into memory; FF_AGENT_TEST_LOG=1 also echoes to stderr. */
export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const echo = process.env.FF_AGENT_TEST_LOG === '1';
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => {
      lines.push(JSON.parse(line) as RecordingLogger['lines'][number]);
      if (echo) process.stderr.write(line);
    },
  });
  return Object.assign(logger, { lines });
}
