import { relative } from 'node:path';
import { claudeDesktopHttpConfig, claudeDesktopStdioConfig, lineageNodeIds, mcpEndpoint } from '@facilflow/contracts';
import type { Demo } from './demo-bootstrap.ts';
import type { DemoPlant } from './demo-plant.ts';

export interface Summary {
  publicUrl: string;
  roles: readonly string[];
  seconds: number;
  repoDir: string;
  emulatorHost: string | null;
  demo: Demo | null;
  plant: DemoPlant | null;
}

/** What a newcomer needs after `npm start`, ready to paste. */
export function summaryText(summary: Summary): string {
  const { demo, plant } = summary;
  return [
    ...overview(summary),
    ...(demo ? demoLines(summary, demo) : noDemo()),
    ...(demo && plant ? plantLines(summary, demo, plant) : []),
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

function overview({ publicUrl, roles, seconds, emulatorHost }: Summary): string[] {
  const lines = ['', `FacilFlow is ready (${seconds.toFixed(1)} s, roles: ${roles.join(', ')}).`, ''];
  if (roles.includes('web')) lines.push(`  Web app        ${publicUrl}`);
  if (roles.includes('mcp')) lines.push(`  MCP endpoint   ${mcpEndpoint(publicUrl)}`);
  if (emulatorHost) lines.push(`  Auth emulator  http://${emulatorHost} (accounts kept across restarts in the data dir)`);
  return lines;
}

function noDemo(): string[] {
  return ['', 'No demo data: a real Firebase project is configured. Sign up in the web app, then create a tenant and an API key there.'];
}

function demoLines({ publicUrl, repoDir }: Summary, demo: Demo): string[] {
  const endpoint = mcpEndpoint(publicUrl);
  const key = demo.apiKey;
  const target = { url: publicUrl, apiKey: key.secret };
  return [
    `  API key        ${key.secret}`,
    `                 role ${key.role} in "${demo.tenant.name}", ${key.reused ? 'reused from' : 'saved in'} ${relative(repoDir, key.file)}`,
    `  Demo sign-in   ${demo.email} / ${demo.password}`,
    '',
    'Claude Desktop: add to claude_desktop_config.json (Settings > Developer > Edit Config), then restart it.',
    '',
    'stdio (Claude Desktop runs facilflow-mcp from this checkout, which relays to this server):',
    indent(claudeDesktopStdioConfig(target, ['--prefix', repoDir])),
    '',
    'or over HTTP, through the mcp-remote bridge:',
    indent(claudeDesktopHttpConfig(target)),
    '',
    'Check the MCP server (lists the tools this key may use):',
    `  npx @modelcontextprotocol/inspector@0.15.0 --cli -e FACILFLOW_URL=${publicUrl} -e FACILFLOW_API_KEY=${key.secret} npx --prefix ${repoDir} facilflow-mcp --method tools/list`,
    'The HTTP endpoint needs the Authorization header, which the Inspector CLI sends from 0.16.6 (Node >= 22.7.5):',
    `  npx @modelcontextprotocol/inspector@0.16.6 --cli ${endpoint} --transport http --method tools/list --header "Authorization: Bearer ${key.secret}"`,
    'or with curl:',
    `  curl -s ${endpoint} -H "Authorization: Bearer ${key.secret}" -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`,
  ];
}

/** The Oven2 walk-through of the README, ready to paste: latest values, SQL, quality, lineage. */
function plantLines({ publicUrl, repoDir }: Summary, demo: Demo, plant: DemoPlant): string[] {
  const call = (operation: string, input?: object) =>
    `  npx --prefix ${repoDir} facilflow call ${operation}${input ? ` ${shellQuote(JSON.stringify(input))}` : ''}`;
  const sql =
    "SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg(ZoneTemperature1) AS avg_zone1 " +
    "FROM oven WHERE machine = 'Oven2' GROUP BY minute ORDER BY minute DESC LIMIT 10";
  const tag = lineageNodeIds.tag(plant.agentId, 'riverside', 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1');
  return [
    '',
    `Demo plant: ${plant.tags} OPC UA tags at ${plant.endpointUrl} (simulator), read by edge agent ${plant.agentId},`,
    `into measurements ${plant.measurements.join(', ')}. Ask FacilFlow from another terminal:`,
    '',
    `  export FACILFLOW_URL=${publicUrl} FACILFLOW_API_KEY=${demo.apiKey.secret}`,
    'The latest value of every tag:',
    call('telemetry.latest'),
    'A 1-minute average of Oven2 ZoneTemperature1 (DuckDB SQL):',
    call('telemetry.query', { sql }),
    "Data-quality issues (Oven2's zone 1 starts drifting about 3.5 minutes after start; the drift is flagged a few minutes later):",
    call('quality.issues', { measurement: 'oven' }),
    'Where Oven2 ZoneTemperature1 comes from (tag → source → agent):',
    call('lineage.graph', { nodeId: tag, direction: 'upstream' }),
    `Every operation the same way (npx facilflow ops lists them), or over HTTP: ${publicUrl}/api/trpc/<operation>?input=<JSON>.`,
  ];
}

/** One single-quoted shell word, whatever quotes the text holds (SQL strings do). */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
