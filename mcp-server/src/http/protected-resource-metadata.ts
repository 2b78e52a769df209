import express, { type Router } from 'express';

/** Where the MCP endpoint lives on its server, and so the path its metadata is published under. */
export const MCP_PATH = '/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource';

/** Firebase signs ID tokens as this issuer, one per project: the authorization server clients sign in with. */
export function firebaseIssuer(projectId: string): string {
  return `https://securetoken.google.com/${projectId}`;
}

/** RFC 9728: the metadata URL for the endpoint, the path appended to the well-known prefix. */
export function protectedResourceMetadataUrl(publicUrl: string): string {
  return new URL(`${METADATA_PATH}${MCP_PATH}`, publicUrl).href;
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for /mcp, so an MCP client told 401
 * learns which issuer's tokens it takes: Firebase ID tokens (Google's securetoken issuer).
 * API keys are the other bearer it takes; they are issued in FacilFlow, outside OAuth.
 * Served at the path-suffixed URL and at the bare one, which clients also try.
 */
export function protectedResourceMetadataRouter(options: { publicUrl: string; firebaseProjectId: string }): Router {
  const metadata = {
    resource: new URL(MCP_PATH, options.publicUrl).href,
    authorization_servers: [firebaseIssuer(options.firebaseProjectId)],
    bearer_methods_supported: ['header'],
    resource_name: 'FacilFlow MCP',
  };
  const router = express.Router();
  router.get([`${METADATA_PATH}${MCP_PATH}`, METADATA_PATH], (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').json(metadata);
  });
  return router;
}
