import { describe, expect, it } from 'vitest';
import { badColors, brandingOf, draftOf, looksLikeToken } from './branding-draft';

describe('the branding form', () => {
  it('sends only what the owner set, trimmed, so the rest keeps the defaults', () => {
    const draft = draftOf({ displayName: 'Acme' });
    draft.accent = ' #ff5500 ';
    draft.texts.raidTitle = 'ACME STRIKE';
    expect(brandingOf(draft)).toEqual({ displayName: 'Acme', colors: { accent: '#ff5500' }, texts: { raidTitle: 'ACME STRIKE' } });
    expect(brandingOf(draftOf(undefined))).toEqual({});
  });

  it('round-trips a stored branding', () => {
    const stored = { displayName: 'A', logoUrl: 'https://a.example/logo.png', colors: { accent: '#000000', accentText: '#ffffff', background: '#101010' }, texts: { welcome: 'Hi' } };
    expect(brandingOf(draftOf(stored))).toEqual(stored);
  });

  it('points at a colour that is not #rrggbb and a token of the wrong shape', () => {
    const draft = draftOf(undefined);
    draft.accent = 'orange';
    draft.background = '#12345';
    expect(badColors(draft)).toEqual(['accent', 'background']);
    expect(looksLikeToken(`123456789:${'A'.repeat(35)}`)).toBe(true);
    expect(looksLikeToken('123456789:short')).toBe(false);
  });
});
