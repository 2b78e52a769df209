import type { Receipt } from '@facilflow/contracts';

/** What the answer rests on, so the person can check it. */
export function ReceiptView({ receipt }: { receipt: Receipt }) {
  return (
    <details className="more receipt" data-testid="jarvis-receipt">
      <summary>
        Receipt: {receipt.operations.length} operation{receipt.operations.length === 1 ? '' : 's'}, {receipt.queries.length} quer
        {receipt.queries.length === 1 ? 'y' : 'ies'}
      </summary>
      <ul>
        {receipt.operations.map((call, index) => (
          <li key={`${call.operation}-${index}`} data-testid="jarvis-receipt-operation">
            <code>{call.operation}</code> {call.outcome === 'ok' ? 'ok' : `error ${call.errorCode ?? ''}`}
          </li>
        ))}
      </ul>
      {receipt.queries.map((query, index) => (
        <div key={index} className="stack">
          <pre>{query.sql}</pre>
          <span className="muted">
            {query.rowCount} rows{query.truncated ? ' (truncated)' : ''}
            {query.timeRange ? `, ${query.timeRange.from} → ${query.timeRange.to}` : ', no time range'}
          </span>
        </div>
      ))}
      {receipt.measurements.length > 0 ? <p>Measurements: {receipt.measurements.join(', ')}</p> : null}
      {receipt.tags.length > 0 ? <p>Tags: {receipt.tags.join(', ')}</p> : null}
      {receipt.qualityFlags.length > 0 ? (
        <ul>
          {receipt.qualityFlags.map((flag, index) => (
            <li key={index}>
              {flag.measurement}.{flag.field}: {flag.check} ({flag.severity}, {flag.status})
            </li>
          ))}
        </ul>
      ) : null}
      {receipt.lineage.length > 0 ? (
        <p>
          Lineage:{' '}
          {receipt.lineage.map((path) => (
            <a key={path} href={path}>
              {path}{' '}
            </a>
          ))}
        </p>
      ) : null}
    </details>
  );
}
