// A post as a whole message: a header the caller writes, the post's text below it in what room the header
// leaves, the post's media as the link preview and a button to the post on X.
import type { InlineKeyboardMarkup, LinkPreviewOptions } from 'grammy/types';
import { postUrl, type XPost } from '../../../services/x/index.js';
import type { MessageContent } from '../../../services/x-feeds/messages.js';
import { ENTITIES_MAX, TEXT_MAX, entityCount, visibleLength } from './limits.js';
import { httpUrl, postHtml } from './post-html.js';

export const OPEN_ON_X = 'Open on X';

/** The first photo, else the first video's or GIF's still, shown large: Telegram previews a link, and the
 * picture is what a feed reader came for. With no media, the post's own page (X's card of the text). */
export function postPreview(post: XPost): LinkPreviewOptions {
  const photo = post.media.find((m) => m.type === 'photo' && httpUrl(m.url))?.url;
  const still = post.media.find((m) => m.type !== 'photo' && httpUrl(m.previewUrl))?.previewUrl;
  const media = photo ?? still;
  return media ? { url: media, prefer_large_media: true } : { url: postUrl(post.id) };
}

export const openOnX = (post: XPost): InlineKeyboardMarkup => ({ inline_keyboard: [[{ text: OPEN_ON_X, url: postUrl(post.id) }]] });

const GAP = '\n\n';

/** `header` (our HTML, data in it escaped) above the post's text, within Telegram's limits. */
export function postMessage(header: string, post: XPost): MessageContent {
  const room = TEXT_MAX - visibleLength(header) - GAP.length;
  const body = postHtml(post, Math.max(0, room), Math.max(0, ENTITIES_MAX - entityCount(header)));
  return {
    text: body ? `${header}${GAP}${body}` : header,
    parse_mode: 'HTML',
    link_preview_options: postPreview(post),
    reply_markup: openOnX(post),
  };
}
