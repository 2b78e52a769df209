export interface ToolStep {
  id: string;
  tool: string;
  input: unknown;
  /** Null while the call runs. */
  outcome: { isError: boolean; summary: string } | null;
}

/** The tool calls of a turn, each with its input and how it ended. */
export function ToolSteps({ steps }: { steps: ToolStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol className="tool-steps" data-testid="jarvis-tool-steps">
      {steps.map((step) => (
        <li key={step.id} data-testid="jarvis-tool-step" data-tool={step.tool}>
          <code>{step.tool}</code>{' '}
          {step.outcome === null ? (
            <span className="muted">running…</span>
          ) : (
            <span className={step.outcome.isError ? 'pill bad' : 'pill ok'}>{step.outcome.isError ? 'error' : 'ok'}</span>
          )}
          <details className="more">
            <summary>input{step.outcome ? ' and result' : ''}</summary>
            <pre>{JSON.stringify(step.input, null, 2)}</pre>
            {step.outcome ? <pre>{step.outcome.summary}</pre> : null}
          </details>
        </li>
      ))}
    </ol>
  );
}
