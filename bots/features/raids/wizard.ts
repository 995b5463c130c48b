import type { Context } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import { parseRaidCommand, parsePostUrl } from '../../../services/raids/index.js';
import type { Raids } from '../../../services/raids/index.js';
import type { GroupSettings } from '../../../services/groups/index.js';
import type { WarhornContext } from '../../context.js';
import type { ChatId, TelegramUserId } from '../../../services/platform/telegram-ids.js';
import { chatIdOf, userIdOf } from '../../ids.js';
import { launchRefused, WIZARD } from './texts.js';

export interface WizardDeps {
  raids: Pick<Raids, 'launch'>;
  settings(chatId: ChatId): Promise<GroupSettings | null>;
  /** The shared admin check (Telegram's word now): an admin may be demoted while answering. */
  isAdmin(chatId: ChatId, userId: TelegramUserId): Promise<boolean>;
  say(botId: number, chatId: ChatId, text: string, replyTo?: number): Promise<unknown>;
}

const CANCEL = /^\s*(cancel|stop|\/cancel)\s*$/i;
/** `/raid` alone: a few questions, one at a time, answered by the admin who asked. Every side effect goes
 * through `conversation.external` so replays do not repeat it. */
export function raidWizard(deps: WizardDeps) {
  return async function wizard(conversation: Conversation<WarhornContext, Context>, ctx: Context): Promise<void> {
    const chatId = chatIdOf(ctx.chat!);
    const adminId = userIdOf(ctx.from!);
    const botId = ctx.me.id;
    const say = (text: string) => conversation.external(() => deps.say(botId, chatId, text).then(() => undefined));
    const ask = async (question: string): Promise<string | null> => {
      await say(question);
      const answer = await conversation.waitFrom(adminId).andFor('message:text');
      const text = answer.message.text;
      return CANCEL.test(text) ? null : text;
    };
    const defaults = (await conversation.external(() => deps.settings(chatId)))?.raid ?? { durationMinutes: 30, lock: false };

    let url = '';
    for (let attempt = 0; ; attempt++) {
      const answer = await ask(attempt === 0 ? WIZARD.askPost : WIZARD.askPostAgain);
      if (answer === null) return void (await say(WIZARD.cancelled));
      const parsed = parsePostUrl(answer.trim());
      if (parsed.ok) {
        url = answer.trim();
        break;
      }
      if (attempt >= 2) return void (await say(WIZARD.gaveUp(parsed.refusal)));
      await say(WIZARD.retry(parsed.refusal));
    }
    let targets = '';
    for (let attempt = 0; ; attempt++) {
      const answer = await ask(WIZARD.askTargets);
      if (answer === null) return void (await say(WIZARD.cancelled));
      const parsed = parseRaidCommand(`/raid ${url} ${answer}`, defaults);
      if (parsed.ok) {
        targets = answer;
        break;
      }
      if (attempt >= 2) return void (await say(WIZARD.gaveUp(parsed.refusal)));
      await say(WIZARD.retry(parsed.refusal));
    }
    const duration = await ask(WIZARD.askDuration(defaults.durationMinutes));
    if (duration === null) return void (await say(WIZARD.cancelled));
    const lock = await ask(WIZARD.askLock);
    if (lock === null) return void (await say(WIZARD.cancelled));
    const words = [url, targets, /^default$/i.test(duration.trim()) ? '' : `for=${duration.trim()}`, /^(y|yes|lock|on)$/i.test(lock.trim()) ? 'lock' : ''];
    const command = parseRaidCommand(`/raid ${words.join(' ')}`, { ...defaults, lock: false });
    if (!command.ok) return void (await say(WIZARD.invalid(command.refusal)));
    // The wizard may have taken minutes: the rights checked at /raid are asked again before anything happens.
    if (!(await conversation.external(() => deps.isAdmin(chatId, adminId)))) return void (await say(WIZARD.noLongerAdmin));
    const result = await conversation.external(() =>
      deps.raids.launch({ chatId, botId, adminId, postId: command.postId, targets: command.targets, durationMinutes: command.durationMinutes, lock: command.lock, ...(command.pool ? { pool: command.pool } : {}) }),
    );
    if (!result.ok) await say(launchRefused(result));
  };
}
