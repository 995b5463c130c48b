import { randomBytes } from 'node:crypto';
import type { BotModule, BotBranding, BotProfile } from '../../services/bot-registry/index.js';
import { eventually, type TestPlatform } from './platform.js';

export interface ClientBot {
  id: number;
  token: string;
  username: string;
  profile: BotProfile;
}

/** A client's white-label bot, registered the way the Mini App does it (whitelabel.register), served once
 * the platform has set its webhook: the caller can talk to it right away. */
export async function addClientBot(
  t: Pick<TestPlatform, 'emulator' | 'platform'>,
  options: { ownerId: number; modules?: BotModule[]; branding?: BotBranding; username?: string; firstName?: string },
): Promise<ClientBot> {
  const username = options.username ?? `client_${randomBytes(3).toString('hex')}_bot`;
  const bot = t.emulator.createBot({ username, firstName: options.firstName ?? 'Client Bot' });
  const r = await t.platform.whitelabel.register({ ownerId: options.ownerId, token: bot.token, modules: options.modules ?? ['raids'], ...(options.branding ? { branding: options.branding } : {}) });
  if (!r.ok) throw new Error(`registering ${username} was refused: ${r.refusal} ${r.message}`);
  await servedBy(t, bot.id);
  return { id: bot.id, token: bot.token, username, profile: r.value };
}

/** Waits until the platform has connected a bot: its webhook set (webhook mode) or its commands set. */
export async function servedBy(t: Pick<TestPlatform, 'emulator'>, botId: number): Promise<void> {
  await eventually(() => t.emulator.webhookInfo(botId).url !== '', `bot ${botId} served`);
}
