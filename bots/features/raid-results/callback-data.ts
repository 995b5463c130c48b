import { callbackData } from '../../callback-data.js';
import { telegramUserId, type TelegramUserId } from '../../../services/platform/telegram-ids.js';

// Formats of buttons already posted: they must keep working. Both fit Telegram's 64 bytes for any bigint
// ids (checked when built).

/** The Appeal button under /myraid: `ap:<raidId>`. */
export const appealButton = callbackData<{ raidId: string }>({
  pattern: /^ap:(\d{1,19})$/,
  build: ({ raidId }) => `ap:${raidId}`,
  parse: (m) => ({ raidId: m[1]! }),
});

/** The admins' Accept and Reject under a review or an appeal: `rv:<raidId>:<telegramUserId>:a|r`. */
export const reviewButton = callbackData<{ raidId: string; memberId: TelegramUserId; decision: 'accept' | 'reject' }>({
  pattern: /^rv:(\d{1,19}):(\d{1,20}):([ar])$/,
  build: ({ raidId, memberId, decision }) => `rv:${raidId}:${memberId}:${decision === 'accept' ? 'a' : 'r'}`,
  parse: (m) => ({ raidId: m[1]!, memberId: telegramUserId(m[2]!), decision: m[3] === 'a' ? 'accept' : 'reject' }),
});
