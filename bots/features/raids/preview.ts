import type { BotBranding } from '../../../services/bot-registry/index.js';
import type { CardRaid } from '../../../services/raids/index.js';
import { cardWordingOf, raidMessagesIn } from './texts.js';

// A raid as the generator's preview shows it: a plausible live raid, twenty minutes left, half way there.
const SAMPLE: CardRaid = {
  id: '1',
  postId: '1790000000000000001',
  postUrl: 'https://x.com/warhorn/status/1790000000000000001',
  authorUsername: 'warhorn',
  postText: 'We just shipped. Tell the world 🚀',
  targets: { replies: 20, reposts: 10, likes: 40, quotes: 0, bookmarks: 0 },
  endsAt: new Date(Date.UTC(2030, 0, 1, 12, 20)),
  lockApplied: false,
  lockRequested: false,
  lockNote: null,
  rewardPool: null,
};
const NOW = new Date(Date.UTC(2030, 0, 1, 12, 0));

/** The live card exactly as a bot with this branding posts it (the same renderer), with its buttons. */
export function previewCard(branding: BotBranding): { text: string; buttons: Array<Array<{ text: string; url?: string }>> } {
  const card = raidMessagesIn(cardWordingOf(branding.texts)).card(SAMPLE, { replies: 12, reposts: 5, likes: 31, quotes: 0, bookmarks: 0 }, NOW, { phase: 'live' });
  const markup = card.reply_markup as { inline_keyboard: Array<Array<{ text: string; url?: string }>> };
  return { text: card.text, buttons: markup.inline_keyboard.map((row) => row.map((b) => ({ text: b.text, ...(b.url ? { url: b.url } : {}) }))) };
}
