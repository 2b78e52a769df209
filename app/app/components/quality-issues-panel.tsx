import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { ProblemMessage } from './problem-message.tsx';

/** What the data-quality checks flag now: drifts, spikes, silences, out-of-range values. */
export function QualityIssuesPanel({ issues }: { issues: Result<'quality.issues'> }) {
  return (
    <section className="card wide">
      <h2>Open data-quality issues</h2>
      {!issues.ok ? (
        <ProblemMessage problem={issues.problem} />
      ) : issues.value.items.length === 0 ? (
        <p className="empty">No open issue.</p>
      ) : (
        <ul className="issues" data-testid="quality-issues">
          {issues.value.items.map((issue) => (
            <li key={issue.id} data-testid="quality-issue" data-check={issue.check}>
              <span className={`pill ${issue.severity === 'critical' ? 'bad' : ''}`}>{issue.check}</span> {issue.message}{' '}
              <span className="muted">since {formatTime(issue.startedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
