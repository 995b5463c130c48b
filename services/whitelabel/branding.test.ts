import { describe, expect, it } from 'vitest';
import { checkBranding } from './branding.js';
import { findBotToken, looksLikeBotToken } from './token-shape.js';

describe('an owner’s branding', () => {
  it('keeps what is given, drops what was cleared, and takes defaults for the rest', () => {
    expect(checkBranding({ displayName: ' Moon Army ', colors: { accent: '#FF0066', background: '' }, texts: { claimButton: '🔥 Done', help: '' } })).toEqual({
      ok: true,
      branding: { displayName: 'Moon Army', colors: { accent: '#FF0066' }, texts: { claimButton: '🔥 Done' } },
    });
    expect(checkBranding({})).toEqual({ ok: true, branding: {} });
  });

  it('names the field of the first problem', () => {
    expect(checkBranding({ texts: { claimButton: 'x'.repeat(33) } })).toEqual({ ok: false, field: 'texts.claimButton', message: 'texts.claimButton must be at most 32 characters' });
    expect(checkBranding({ colors: { accent: 'red' } })).toMatchObject({ ok: false, field: 'colors.accent' });
    expect(checkBranding({ logoUrl: 'http://example.com/logo.png' })).toMatchObject({ ok: false, field: 'logoUrl', message: expect.stringMatching(/https/) });
    expect(checkBranding({ texts: { footer: 'hi' } })).toMatchObject({ ok: false, field: 'texts' });
  });
});

describe('a pasted bot token', () => {
  const token = '7123456789:AAE_abcdefghijklmnopqrstuvwxyz012345';
  it('is found inside BotFather’s message and recognised on its own', () => {
    expect(findBotToken(`Done! Use this token to access the HTTP API:\n${token}\nKeep your token secure`)).toBe(token);
    expect(looksLikeBotToken(` ${token} `)).toBe(true);
  });
  it('is not seen in ordinary text, times or short ids', () => {
    for (const text of ['meet at 10:30', 'ratio 123456:789', 'https://x.com/a/status/1790000000000000001', '7123456789:short']) {
      expect(findBotToken(text)).toBeUndefined();
      expect(looksLikeBotToken(text)).toBe(false);
    }
  });
});
