import { callbackData } from '../../callback-data.js';

/** The "I raided" button on a raid's card. The format is that of cards already posted (their buttons must
 * keep working): `raid:claim:<raidId>`. */
export const claimButton = callbackData<{ raidId: string }>({
  pattern: /^raid:claim:(\d+)$/,
  build: ({ raidId }) => `raid:claim:${raidId}`,
  parse: (m) => ({ raidId: m[1]! }),
});
