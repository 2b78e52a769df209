export * from './check-webhook-credential.ts';
export * from './receive-webhook.ts';
