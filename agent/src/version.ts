import packageJson from '../package.json' with { type: 'json' };

/** The agent's software version, reported in status and sent at enrolment. */
export const AGENT_VERSION: string = packageJson.version;
