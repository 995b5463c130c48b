import { Composer, InlineKeyboard } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { parseWalletAddress, SIGNATURE_PATTERN, type Users } from '../../../services/users/index.js';
import { userIdOf } from '../../ids.js';
import { CHALLENGE_TITLE, challengeText, deepLink, linkInPrivate, LINKWALLET_USAGE, offerText, OPEN_PRIVATE_CHAT, resultText } from './texts.js';

export type LinkWalletUsers = Pick<Users, 'walletsOf' | 'startWalletLink' | 'finishWalletLink'>;

export interface LinkWalletFeatureDeps {
  users: LinkWalletUsers;
}

// Anything else is not worth asking the service about.
const SIGNATURE = SIGNATURE_PATTERN;

/** /linkwallet in a private chat: a member proves a wallet is theirs by signing a one-time EIP-4361 message
 * (services/users/wallets.ts) and sending the signature back, with `/linkwallet sig` or as a reply to the
 * message. In a group it points to the private chat, since the message and the signature are the member's. */
export function linkWalletFeature({ users }: LinkWalletFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');

  const offer = async (ctx: WarhornContext & { from: { id: number } }) => ctx.send({ text: offerText(await users.walletsOf(userIdOf(ctx.from))) });
  const finish = async (ctx: WarhornContext & { from: { id: number } }, signature: string) =>
    ctx.send({ text: resultText(await users.finishWalletLink(userIdOf(ctx.from), signature)) });

  dm.command('start', async (ctx, next) => {
    if (ctx.match.trim() !== 'linkwallet') return next();
    await offer(ctx);
  });

  dm.command('linkwallet', async (ctx) => {
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (args.length === 0) return offer(ctx);
    const [first, second] = args;
    // `/linkwallet sig 0x…`, or the signature alone: either way it cannot be mistaken for an address.
    if (args.length === 2 && first!.toLowerCase() === 'sig' && SIGNATURE.test(second!)) return finish(ctx, second!);
    if (args.length === 1 && SIGNATURE.test(first!)) return finish(ctx, first!);
    const address = args.length === 1 ? parseWalletAddress(first!) : null;
    if (!address) return ctx.send({ text: LINKWALLET_USAGE });
    await ctx.send({ text: challengeText(await users.startWalletLink(userIdOf(ctx.from), address)) });
  });

  // A signature sent as a reply to the signing instructions.
  dm.on('message:text', async (ctx, next) => {
    const replied = ctx.msg.reply_to_message;
    const text = ctx.msg.text.trim();
    if (replied?.from?.id !== ctx.me.id || !replied.text?.startsWith(CHALLENGE_TITLE) || !SIGNATURE.test(text)) return next();
    await finish(ctx, text);
  });

  feature.chatType(['group', 'supergroup']).command('linkwallet', async (ctx) => {
    const buttons = new InlineKeyboard().url(OPEN_PRIVATE_CHAT, deepLink(ctx.me.username));
    await ctx.send({ text: linkInPrivate(ctx.me.username), buttons, replyTo: ctx.msg.message_id });
  });

  return feature;
}
