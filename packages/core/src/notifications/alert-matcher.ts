import type { AlertMatcher, AlertNotice } from '@facilflow/contracts';

/** An asset prefix matches the path itself and everything below it, segment by segment. */
function underAsset(path: string | null, prefix: string): boolean {
  if (path === null) return false;
  const trimmed = prefix.replace(/\/+$/, '');
  return path === trimmed || path.startsWith(`${trimmed}/`);
}

/** Every condition the matcher gives must hold; an empty matcher matches every alert. */
export function matchesAlert(matcher: AlertMatcher, notice: AlertNotice): boolean {
  if (matcher.severities && !matcher.severities.includes(notice.severity)) return false;
  if (matcher.assetPrefix !== undefined && !underAsset(notice.assetPath, matcher.assetPrefix)) return false;
  if (matcher.ruleId !== undefined && matcher.ruleId !== notice.ruleId) return false;
  for (const [key, value] of Object.entries(matcher.labels ?? {})) {
    if (notice.labels[key] !== value) return false;
  }
  return true;
}
