export * from './usage-month.ts';
export * from './usage-cost.ts';
export * from './record-usage.ts';
export * from './jarvis-budget.ts';
export * from './budget-status.ts';
export * from './check-budget.ts';
export * from './get-usage.ts';
export * from './list-usage.ts';
