import type { MiddlewareFn } from 'grammy';
import type { Users } from '../../services/users/index.js';
import type { WarhornContext } from '../context.js';

/** Every person who writes to (or acts in front of) the bot becomes a Warhorn user. */
export function registerUsers(users: Pick<Users, 'touch'>): MiddlewareFn<WarhornContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot) {
      const { created } = await users.touch(from, ctx.me.id);
      if (created) ctx.log.info({ userId: from.id }, 'user registered');
    }
    await next();
  };
}
