import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const emailAddress = z.email().max(320);

/** Where a webhook channel POSTs signed JSON; its signing secret is generated and shown once. */
export const webhookChannelSettingsSchema = z.object({
  kind: z.literal('webhook'),
  url: httpUrl.describe('An http(s) URL on a host FACILFLOW_PIPELINE_HTTP_HOSTS allows'),
});

/** A Slack-compatible incoming webhook: its URL is the credential, so it is never shown again. */
export const slackChannelSettingsSchema = z.object({
  kind: z.literal('slack'),
  url: httpUrl.optional().describe('The incoming-webhook URL (required at creation; absent on update keeps the current one)'),
});

export const emailChannelSettingsSchema = z.object({
  kind: z.literal('email'),
  host: z.string().trim().min(1).max(253).describe('SMTP server host'),
  port: z.number().int().min(1).max(65_535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().max(320).nullable().default(null),
  password: z.string().max(1024).optional().describe('SMTP password (never shown again; absent on update keeps the current one)'),
  from: emailAddress,
  to: z.array(emailAddress).min(1).max(50),
});

export const channelSettingsSchema = z.discriminatedUnion('kind', [webhookChannelSettingsSchema, slackChannelSettingsSchema, emailChannelSettingsSchema]);
export type ChannelSettings = z.output<typeof channelSettingsSchema>;
export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A channel as it is shown: what it points at, never its secret (signing secret, Slack URL, SMTP password). */
export const notificationChannelSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  enabled: z.boolean(),
  /** webhook: the URL; slack: the URL's host only; email: the SMTP server, sender and recipients. */
  target: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  hasSecret: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

const channelName = z.string().trim().min(1).max(100);

export const listChannelsInput = z.object({});
export const listChannelsOutput = z.object({ channels: z.array(notificationChannelSchema) });

export const createChannelInput = z.object({
  name: channelName,
  settings: channelSettingsSchema,
});
export const createChannelOutput = z.object({
  channel: notificationChannelSchema,
  /** A webhook channel's signing secret, shown this once: receivers check `x-facilflow-signature` with it. */
  signingSecret: z.string().nullable(),
});

export const updateChannelInput = z.object({
  id: idSchema.describe('Channel id (from channels.list)'),
  name: channelName.optional(),
  enabled: z.boolean().optional(),
  settings: channelSettingsSchema.optional().describe('The channel settings again, of the same kind; secrets left out are kept'),
});
export const updateChannelOutput = z.object({ channel: notificationChannelSchema });

export const deleteChannelInput = z.object({ id: idSchema.describe('Channel id') });
export const deleteChannelOutput = z.object({ deleted: z.boolean() });

export const testChannelInput = z.object({ id: idSchema.describe('Channel id') });
export const testChannelOutput = z.object({
  delivered: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
});
