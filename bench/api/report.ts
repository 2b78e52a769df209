import { formatCount, formatMs, percentile, table } from '../lib/stats.ts';
import type { Measured } from './measure.ts';
import type { ToolDefinitionBytes } from './messages.ts';

export interface FrontResult {
  name: string;
  /** What sits between the caller and the registry on this path. */
  path: string;
  measured: Measured;
  /** Called in the serving process itself: no client of its own. */
  inProcess?: boolean;
}

/** Targets of issue 11. */
export const TARGETS = { mcpOverheadMs: 2, trpcShareOfBare: 0.5, defaultToolsListBytes: 30 * 1024 };

const p50 = (front: FrontResult) => percentile(front.measured.sequentialMs, 50);
const perSecond = (front: FrontResult) => front.measured.concurrentCalls / front.measured.concurrentSeconds;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function frontsTable(fronts: readonly FrontResult[], direct: FrontResult, inFlight: number): string {
  return table(
    ['front', 'p50 ms', 'p99 ms', 'p50 over direct', `calls/s (${inFlight} in flight)`, 'server CPU µs/call', 'client CPU µs/call', 'answer', 'path'],
    fronts.map((front) => [
      front.name,
      formatMs(p50(front)),
      formatMs(percentile(front.measured.sequentialMs, 99)),
      front === direct ? '' : `+${formatMs(p50(front) - p50(direct))} ms`,
      formatCount(perSecond(front)),
      formatCount((front.measured.serverCpuSeconds / front.measured.concurrentCalls) * 1e6),
      front.inProcess ? '' : formatCount((front.measured.clientCpuSeconds / front.measured.concurrentCalls) * 1e6),
      kb(front.measured.answerBytes),
      front.path,
    ]),
  );
}

export interface Headline {
  mcpOverheadMs: number;
  /** The MCP transport that overhead is of (the slower of the two that reach the registry in one hop). */
  mcpFront: string;
  trpcShareOfBare: number;
  defaultToolsListBytes: number;
}

export function headline(direct: FrontResult, mcpFronts: readonly FrontResult[], trpc: FrontResult, bare: FrontResult, defaultToolsListBytes: number): Headline {
  const slowest = mcpFronts.reduce((worst, front) => (p50(front) > p50(worst) ? front : worst));
  return { mcpOverheadMs: p50(slowest) - p50(direct), mcpFront: slowest.name, trpcShareOfBare: perSecond(trpc) / perSecond(bare), defaultToolsListBytes };
}

export function targetLines(h: Headline): string[] {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  return [
    `MCP adds ≤ ${TARGETS.mcpOverheadMs} ms at p50 over the direct call: +${formatMs(h.mcpOverheadMs)} ms (${h.mcpFront}) — ${verdict(h.mcpOverheadMs <= TARGETS.mcpOverheadMs)}`,
    `tRPC ≥ ${TARGETS.trpcShareOfBare * 100}% of bare node:http calls/s: ${(h.trpcShareOfBare * 100).toFixed(0)}% — ${verdict(h.trpcShareOfBare >= TARGETS.trpcShareOfBare)}`,
    `default tools/list ≤ ${kb(TARGETS.defaultToolsListBytes)}: ${kb(h.defaultToolsListBytes)} — ${verdict(h.defaultToolsListBytes <= TARGETS.defaultToolsListBytes)}`,
  ];
}

export function sizesTable(toolsList: { default: { tools: number; bytes: number }; all: { tools: number; bytes: number } }, jarvis: { perTurn: ToolDefinitionBytes; allTools: ToolDefinitionBytes }): string {
  return table(
    ['tool definitions (admin API key)', 'tools', 'bytes', '≈ tokens'],
    [
      ['MCP tools/list, default toolset (HTTP answer body)', String(toolsList.default.tools), formatCount(toolsList.default.bytes), formatCount(toolsList.default.bytes / 4)],
      ['MCP tools/list, toolsets=all (HTTP answer body)', String(toolsList.all.tools), formatCount(toolsList.all.bytes), formatCount(toolsList.all.bytes / 4)],
      ['Jarvis per turn (find_tools + daily tools)', String(jarvis.perTurn.tools), formatCount(jarvis.perTurn.bytes), formatCount(jarvis.perTurn.approxTokens)],
      ['Jarvis, every tool the caller may use', String(jarvis.allTools.tools), formatCount(jarvis.allTools.bytes), formatCount(jarvis.allTools.approxTokens)],
    ],
  );
}

export function lastLine(h: Headline): string {
  return `api: mcp +${h.mcpOverheadMs.toFixed(2)} ms p50, trpc ${h.trpcShareOfBare.toFixed(2)} of bare http, tools/list ${(h.defaultToolsListBytes / 1024).toFixed(1)} KB`;
}
