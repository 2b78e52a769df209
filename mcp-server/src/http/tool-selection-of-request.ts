import { MCP_READONLY_HEADER, MCP_READONLY_QUERY, MCP_TOOLSETS_HEADER, MCP_TOOLSETS_QUERY, FacilFlowError, type ToolSelection } from '@facilflow/contracts';
import type { Registry } from '@facilflow/operations';
import { parseToolSelection } from '@facilflow/operations/mcp';
import type { Request } from 'express';

/**
 * The tools a request asks for: X-MCP-Toolsets / X-MCP-Readonly, or ?toolsets= / ?read_only=
 * for clients that cannot set headers. Both forms at once must agree; a value given twice,
 * unknown or malformed is refused (the router answers 400), never replaced by the default.
 */
export function toolSelectionOfRequest(registry: Registry, req: Request): ToolSelection {
  return parseToolSelection(registry, {
    toolsets: oneValue(req, MCP_TOOLSETS_HEADER, MCP_TOOLSETS_QUERY),
    readOnly: oneValue(req, MCP_READONLY_HEADER, MCP_READONLY_QUERY),
  });
}

function oneValue(req: Request, header: string, query: string): string | undefined {
  const fromHeader = req.headers[header];
  const fromQuery = req.query[query];
  if (Array.isArray(fromHeader) || (fromQuery !== undefined && typeof fromQuery !== 'string')) {
    throw new FacilFlowError('INVALID', `${header} / ${query} must be given once`);
  }
  if (fromHeader !== undefined && fromQuery !== undefined && fromHeader !== fromQuery) {
    throw new FacilFlowError('INVALID', `${header} says "${fromHeader}" but ?${query}= says "${fromQuery}": give one`);
  }
  return fromHeader ?? fromQuery;
}
