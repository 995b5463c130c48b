import { z } from 'zod';
import type { BotBranding, BrandText } from '../bot-registry/index.js';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb');
// Plain text: the bot side escapes it where it goes into Telegram HTML, the Mini App renders it as text.
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** The longest each text may be: a welcome and help fit one message with room for what the bot adds; a
 * raid title and call fit the card's first lines; button labels fit a phone's button (Telegram shows ~30). */
export const BRAND_TEXT_LIMITS: Record<BrandText, number> = {
  welcome: 1000,
  help: 2000,
  raidTitle: 64,
  raidCall: 200,
  claimButton: 32,
  dashboardButton: 32,
};

export const brandingSchema = z
  .object({
    displayName: text(64).optional(),
    logoUrl: z
      .string()
      .max(512)
      .url('must be a URL')
      .refine((u) => u.startsWith('https://'), 'must be an https URL (Telegram opens Mini Apps over HTTPS, and so must their images)')
      .optional(),
    colors: z.object({ accent: colour.optional(), accentText: colour.optional(), background: colour.optional() }).strict().optional(),
    texts: z
      .object(Object.fromEntries(Object.entries(BRAND_TEXT_LIMITS).map(([key, max]) => [key, text(max).optional()])) as Record<BrandText, z.ZodOptional<z.ZodString>>)
      .strict()
      .optional(),
  })
  .strict();

export type BrandingCheck = { ok: true; branding: BotBranding } | { ok: false; field: string; message: string };

/** An owner's branding as given (the Mini App's form, a command): checked field by field; the first problem
 * names its field ("texts.claimButton must be at most 32 characters"). Empty strings clear a field. */
export function checkBranding(input: unknown): BrandingCheck {
  const parsed = brandingSchema.safeParse(dropEmpty(input));
  if (parsed.success) return { ok: true, branding: compact(parsed.data as BotBranding) };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'branding';
  return { ok: false, field, message: `${field} ${issue.message}` };
}

// A cleared input ("") means "use the default": the field is left out.
function dropEmpty(input: unknown): unknown {
  if (typeof input === 'string') return input.trim() === '' ? undefined : input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, dropEmpty(v)]).filter(([, v]) => v !== undefined));
}

function compact(branding: BotBranding): BotBranding {
  const out: BotBranding = { ...branding };
  if (out.colors && Object.keys(out.colors).length === 0) delete out.colors;
  if (out.texts && Object.keys(out.texts).length === 0) delete out.texts;
  return out;
}
