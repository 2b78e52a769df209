export { createQualityMonitor, type QualityMonitor, type QualityMonitorOptions } from './create-quality-monitor.ts';
export { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from './quality-thresholds.ts';
export { DEFAULT_DRIFT_OPTIONS, type DriftOptions } from './drift-detector.ts';
export { listQualityIssues, type ListQualityIssuesInput } from './list-quality-issues.ts';
export { getQualityScores, type QualityScores, type QualityScoresInput } from './get-quality-scores.ts';
export { seriesKey } from './series-key.ts';
