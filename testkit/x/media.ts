// Media attached to a post, as X API v2 shows it: the post's `attachments.media_keys` (tweet.fields
// attachments) and, with the `attachments.media_keys` expansion, `includes.media` with `media_key` and
// `type` always and the `media.fields` asked for. X takes up to 4 photos, or one video, or one GIF.
import { randomSlug } from './links.js';
import { DriverError } from './errors.js';

export type MediaType = 'photo' | 'video' | 'animated_gif';

/** What a test attaches; `url` is the photo itself, or the still shown for a video or GIF. */
export interface MediaSpec { type: MediaType; url?: string; altText?: string; width?: number; height?: number; durationMs?: number }

export interface MediaRecord {
  key: string;
  type: MediaType;
  /** Photos only: X gives no `url` for a video or GIF, only a preview. */
  url?: string;
  previewImageUrl?: string;
  width: number;
  height: number;
  durationMs?: number;
  altText?: string;
}

// X's media keys are "<media category>_<media id>": 3 a photo, 7 a video, 16 an animated GIF.
const KEY_PREFIX: Record<MediaType, string> = { photo: '3', video: '7', animated_gif: '16' };
const DEFAULT_SIZE: Record<MediaType, [number, number]> = { photo: [1200, 675], video: [1280, 720], animated_gif: [480, 270] };
const DEFAULT_DURATION_MS = 30_000;

/** docs.x.com's media.fields; a name outside it is refused with 400 like an unknown tweet field. */
export const MEDIA_FIELDS = [
  'alt_text', 'duration_ms', 'height', 'media_key', 'non_public_metrics', 'organic_metrics', 'preview_image_url',
  'promoted_metrics', 'public_metrics', 'type', 'url', 'variants', 'width',
];

/** The media records for a new post, after X's rules; `newId` gives each its media id. */
export function makeMedia(specs: unknown, newId: () => string): MediaRecord[] {
  if (specs === undefined || specs === null) return [];
  if (!Array.isArray(specs)) throw new DriverError('media must be an array of { type, url?, altText? }');
  const list = specs as MediaSpec[];
  for (const m of list) {
    if (!m || typeof m.type !== 'string' || !Object.hasOwn(KEY_PREFIX, m.type)) throw new DriverError(`media type must be photo, video or animated_gif: ${JSON.stringify(m?.type)}`);
    if (m.url !== undefined && (typeof m.url !== 'string' || !/^https?:\/\//.test(m.url))) throw new DriverError(`media url must be an http(s) URL: ${m.url}`);
    if (m.altText !== undefined && (typeof m.altText !== 'string' || [...m.altText].length > 1000)) throw new DriverError('altText must be text of at most 1,000 characters');
    for (const n of ['width', 'height', 'durationMs'] as const) {
      if (m[n] !== undefined && !(Number.isSafeInteger(m[n]) && m[n]! > 0)) throw new DriverError(`media ${n} must be a whole number > 0`);
    }
    if (m.durationMs !== undefined && m.type !== 'video') throw new DriverError('durationMs is for videos only');
  }
  const photos = list.filter((m) => m.type === 'photo').length;
  if (photos > 4) throw new DriverError('X takes at most 4 photos on a post');
  if (photos < list.length && list.length > 1) throw new DriverError('X takes one video or one GIF on a post, alone');
  return list.map((m) => {
    const id = newId();
    const [width, height] = DEFAULT_SIZE[m.type];
    const out: MediaRecord = { key: `${KEY_PREFIX[m.type]}_${id}`, type: m.type, width: m.width ?? width, height: m.height ?? height };
    if (m.type === 'photo') out.url = m.url ?? `https://pbs.twimg.com/media/${randomSlug(15)}.jpg`;
    else if (m.type === 'video') out.previewImageUrl = m.url ?? `https://pbs.twimg.com/ext_tw_video_thumb/${id}/pu/img/${randomSlug(16)}.jpg`;
    else out.previewImageUrl = m.url ?? `https://pbs.twimg.com/tweet_video_thumb/${randomSlug(15)}.jpg`;
    if (m.type === 'video') out.durationMs = m.durationMs ?? DEFAULT_DURATION_MS;
    if (m.altText) out.altText = m.altText;
    return out;
  });
}

/** One media object of `includes.media`: key and type always, the rest as asked (and as the type has). */
export function renderMedia(m: MediaRecord, fields: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { media_key: m.key, type: m.type };
  if (fields.has('url') && m.url) out.url = m.url;
  if (fields.has('preview_image_url') && m.previewImageUrl) out.preview_image_url = m.previewImageUrl;
  if (fields.has('width')) out.width = m.width;
  if (fields.has('height')) out.height = m.height;
  if (fields.has('duration_ms') && m.durationMs !== undefined) out.duration_ms = m.durationMs;
  if (fields.has('alt_text') && m.altText) out.alt_text = m.altText;
  return out;
}
