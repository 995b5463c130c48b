// Short names for tests, which build many ids from literals: uid(1001), cid(-100200).
export { chatId as cid, telegramUserId as uid } from './telegram-ids.js';
