import { useState } from 'react';
import { claudeDesktopHttpConfig, mcpEndpoint } from '@facilflow/contracts';
import type { CreatedKey } from '../lib/action-result.ts';
import { useSettings } from '../lib/settings.ts';

/** The one time a key's secret is visible, with what a person needs to use it from Claude Desktop. */
export function NewApiKey({ created }: { created: CreatedKey }) {
  const { publicUrl } = useSettings();
  const endpoint = mcpEndpoint(publicUrl);
  return (
    <div className="secret-box" data-testid="new-api-key">
      <p>
        <strong>{created.name}</strong> ({created.role}) is ready. Copy the key now: it is shown only this once and cannot be recovered.
      </p>
      <div className="row">
        <code className="secret" data-testid="api-key-secret">
          {created.secret}
        </code>
        <CopyButton text={created.secret} label="Copy key" />
      </div>
      <p>
        MCP endpoint: <code data-testid="mcp-endpoint">{endpoint}</code>, with the header <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <details className="more">
        <summary>Claude Desktop configuration</summary>
        <p className="muted">
          Add this to <code>claude_desktop_config.json</code> (Settings → Developer → Edit Config) and restart Claude Desktop.
        </p>
        <pre data-testid="claude-desktop-config">{claudeDesktopHttpConfig({ url: publicUrl, apiKey: created.secret })}</pre>
      </details>
    </div>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <button
      type="button"
      className="button small"
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied === null ? label : copied ? 'Copied' : 'Select and copy it by hand'}
    </button>
  );
}
