import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { ProblemMessage } from './problem-message.tsx';

/** ISA-95 levels first, top down; other tags after them. */
const LEVELS = ['enterprise', 'site', 'area', 'line', 'machine'];
const rank = (key: string) => (LEVELS.includes(key) ? LEVELS.indexOf(key) : LEVELS.length);

function where(tags: Record<string, string>): string {
  return Object.entries(tags)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([, value]) => value)
    .join(' / ');
}

/** The last value of every tag, as the time-series store holds it when the page loads. */
export function LatestValuesPanel({ latest }: { latest: Result<'telemetry.latest'> }) {
  return (
    <section className="card wide">
      <h2>Latest values</h2>
      {!latest.ok ? (
        <ProblemMessage problem={latest.problem} />
      ) : latest.value.values.length === 0 ? (
        <p className="empty">No data yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="latest-values">
            <thead>
              <tr>
                <th>Measurement</th>
                <th>Where</th>
                <th>Field</th>
                <th>Value</th>
                <th>Time</th>
              </tr>
            </thead>
            <tbody>
              {latest.value.values.map((v) => (
                <tr key={`${v.measurement}|${JSON.stringify(v.tags)}|${v.field}`} data-testid="latest-row">
                  <td>
                    <code>{v.measurement}</code>
                  </td>
                  <td>{where(v.tags)}</td>
                  <td>{v.field}</td>
                  <td>{typeof v.value === 'number' ? Number(v.value.toFixed(3)) : String(v.value)}</td>
                  <td>{formatTime(v.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
