import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { groupDashboardButton, type MiniAppEntry } from '../../mini-app.js';
import { GROUP_ONLY } from '../../texts.js';
import { NOT_REGISTERED, OPEN_DASHBOARD, renderSettings, setUsage, settingChanged } from './texts.js';
import { chatIdOf, userIdOf } from '../../ids.js';

export interface SettingsFeatureDeps {
  groups: Pick<Groups, 'get' | 'ensureRegistered' | 'isAdmin' | 'changeSetting'>;
  /** Null when the platform has no public URL: no dashboard link then. */
  miniApp: MiniAppEntry | null;
}

/** /settings shows a group's settings to its admins; /set changes one. Everyone else is told politely. */
export function settingsFeature({ groups, miniApp }: SettingsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const inGroups = feature.chatType(['group', 'supergroup']);
  const admins = adminsOnly(groups);

  inGroups.command('settings', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    let group = await groups.get(chatIdOf(ctx.chat));
    if (!group?.active) {
      // We are in the group but missed being added (the platform was down): register it now, before
      // the admin check, which needs the group.
      await groups.ensureRegistered(ctx.me.id, ctx.chat);
      group = await groups.get(chatIdOf(ctx.chat));
      if (!group) return ctx.send({ text: NOT_REGISTERED, replyTo });
    }
    const { title, settings } = group;
    // The dashboard link opens this group's view in the Mini App (t.me links need the bot's username).
    const buttons = miniApp && ctx.me.username ? groupDashboardButton(ctx.me.username, { view: 'group', chatId: chatIdOf(ctx.chat) }, OPEN_DASHBOARD) : undefined;
    await admins(ctx, () => ctx.send({ text: renderSettings(title, settings), replyTo, ...(buttons ? { buttons } : {}) }).then(() => undefined));
  });

  inGroups.command('set', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const match = /^(\S+)\s+(.+)$/s.exec(ctx.match.trim());
    if (!match) return ctx.send({ text: setUsage(), replyTo });
    const change = await groups.changeSetting(chatIdOf(ctx.chat), userIdOf(ctx.from), match[1]!, match[2]!);
    if (!change.ok) return ctx.send({ text: setUsage(change.error), replyTo });
    await ctx.send({ text: settingChanged(change.key, change.value), replyTo });
  });

  feature.chatType('private').command(['settings', 'set'], (ctx) => ctx.send({ text: GROUP_ONLY }));
  return feature;
}
