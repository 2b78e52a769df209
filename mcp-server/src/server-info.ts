import packageJson from '../package.json' with { type: 'json' };

/** How FacilFlow introduces itself to MCP clients, the same on every transport. */
export const SERVER_INFO = { name: 'facilflow', version: packageJson.version } as const;
