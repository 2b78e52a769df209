import { useEffect, useState } from 'react';
import { formatTime } from '../../lib/format-time.ts';

const TICK_MS = 1_000;

function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  if (seconds === 0) return 'expired';
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s left`;
}

/** The time left before the request lapses; the server renders the fixed time, the browser adds the countdown once hydrated. */
export function ExpiryCountdown({ expiresAt }: { expiresAt: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <span data-testid="approval-expiry">
      {formatTime(expiresAt)}
      {now === null ? null : <span className="muted"> ({remaining(expiresAt, now)})</span>}
    </span>
  );
}
