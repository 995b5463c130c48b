import { Composer } from 'grammy';
import type { WarhornContext } from '../context.js';
import { renderSettings, setUsage, settingChanged } from './settings/texts.js';
import { ADMINS_ONLY, GROUP_ONLY, NOT_REGISTERED } from './texts.js';

/** /settings shows a group's settings to its admins; /set changes one. Everyone else is told politely. */
export function settingsFeature(): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const groups = feature.chatType(['group', 'supergroup']);

  groups.command('settings', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    let group = await ctx.deps.groups.get(ctx.chat.id);
    if (!group?.active) {
      // We are in the group but missed being added (the platform was down): register it now.
      await ctx.deps.groups.ensureRegistered(ctx.me.id, ctx.chat);
      group = await ctx.deps.groups.get(ctx.chat.id);
      if (!group) return ctx.send({ text: NOT_REGISTERED, replyTo });
    }
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    await ctx.send({ text: renderSettings(group.title, group.settings), replyTo });
  });

  groups.command('set', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    const match = /^(\S+)\s+(.+)$/s.exec(ctx.match.trim());
    if (!match) return ctx.send({ text: setUsage(), replyTo });
    const change = await ctx.deps.groups.changeSetting(ctx.chat.id, ctx.from.id, match[1]!, match[2]!);
    if (!change.ok) return ctx.send({ text: setUsage(change.error), replyTo });
    await ctx.send({ text: settingChanged(change.key, change.value), replyTo });
  });

  feature.chatType('private').command(['settings', 'set'], (ctx) => ctx.send({ text: GROUP_ONLY }));
  return feature;
}
