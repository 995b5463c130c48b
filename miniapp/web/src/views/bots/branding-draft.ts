// The branding form's state as the inputs hold it (strings, empty = the default) and the Branding it sends.
// Pure: unit-tested.
import { BRAND_TEXTS, type Branding, type BrandText } from '../../api/bots-types';

export interface BrandingDraft {
  displayName: string;
  logoUrl: string;
  accent: string;
  accentText: string;
  background: string;
  texts: Record<BrandText, string>;
}

export const COLOR_KEYS = ['accent', 'accentText', 'background'] as const;
const HEX = /^#[0-9a-fA-F]{6}$/;

export function draftOf(branding: Branding | undefined): BrandingDraft {
  return {
    displayName: branding?.displayName ?? '',
    logoUrl: branding?.logoUrl ?? '',
    accent: branding?.colors?.accent ?? '',
    accentText: branding?.colors?.accentText ?? '',
    background: branding?.colors?.background ?? '',
    texts: Object.fromEntries(BRAND_TEXTS.map((k) => [k, branding?.texts?.[k] ?? ''])) as Record<BrandText, string>,
  };
}

/** What is set, trimmed; what is empty left out (the bot's default then). */
export function brandingOf(draft: BrandingDraft): Branding {
  const out: Branding = {};
  if (draft.displayName.trim()) out.displayName = draft.displayName.trim();
  if (draft.logoUrl.trim()) out.logoUrl = draft.logoUrl.trim();
  const colors = Object.fromEntries(COLOR_KEYS.filter((k) => draft[k].trim()).map((k) => [k, draft[k].trim()]));
  if (Object.keys(colors).length) out.colors = colors;
  const texts = Object.fromEntries(BRAND_TEXTS.filter((k) => draft.texts[k].trim()).map((k) => [k, draft.texts[k].trim()]));
  if (Object.keys(texts).length) out.texts = texts;
  return out;
}

/** The colour inputs that hold something other than #rrggbb (the server says the same, later). */
export const badColors = (draft: BrandingDraft): Array<(typeof COLOR_KEYS)[number]> => COLOR_KEYS.filter((k) => draft[k].trim() !== '' && !HEX.test(draft[k].trim()));

/** A bot token's shape (BotFather's: the bot id, a colon, 35 characters). */
export const looksLikeToken = (token: string): boolean => /^\d{5,20}:[A-Za-z0-9_-]{35}$/.test(token.trim());
