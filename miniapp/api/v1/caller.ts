import type { TelegramUserId } from '../../../services/platform/telegram-ids.js';
import type { FastifyRequest } from 'fastify';
import type { CheckedInitData, InitDataUser } from './init-data.js';

/** Who is asking, as their validated initData says: the only source of the caller's identity. */
export interface Caller {
  userId: TelegramUserId;
  botId: number;
  user: InitDataUser;
  initData: CheckedInitData;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook before any route of the API runs (auth.ts). */
    caller: Caller | null;
  }
}

/** The caller of a route inside the authenticated scope (the hook refused every request without one). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('callerOf outside the authenticated scope');
  return request.caller;
}
