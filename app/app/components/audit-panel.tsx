import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { ProblemMessage } from './problem-message.tsx';

/** The latest changes in the tenant, whichever front they came through. */
export function AuditPanel({ audit }: { audit: Result<'audit.list'> }) {
  return (
    <section className="card wide">
      <h2>Audit log</h2>
      {!audit.ok ? (
        <ProblemMessage problem={audit.problem} />
      ) : audit.value.items.length === 0 ? (
        <p className="empty">Nothing has changed yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-list">
            <thead>
              <tr>
                <th>Time</th>
                <th>Actor</th>
                <th>Front</th>
                <th>Operation</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {audit.value.items.map((record) => (
                <tr key={record.id} data-testid="audit-row" data-operation={record.operation} data-outcome={record.outcome}>
                  <td>{formatTime(record.at)}</td>
                  <td>{record.actorLabel ?? record.actorId}</td>
                  <td>
                    <span className="pill">{record.front}</span>
                  </td>
                  <td>
                    <code>{record.operation}</code>
                  </td>
                  <td>
                    {record.outcome === 'ok' ? <span className="pill ok">ok</span> : <span className="pill bad">{record.errorCode ?? 'error'}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
