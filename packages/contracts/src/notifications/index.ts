export * from './channels.ts';
export * from './policies.ts';
export * from './silences.ts';
export * from './maintenance-windows.ts';
export * from './webhooks.ts';
export * from './deliveries.ts';
