import { describe, expect, it } from 'vitest';
import { brandStyle } from './brand-style';

describe("a client's colours in the Mini App", () => {
  it('paint buttons, links and accents with the accent, and the text on buttons with its own colour', () => {
    expect(brandStyle({ accent: '#ff5500', accentText: '#ffffff' })).toEqual({
      '--tgui--button_color': '#ff5500',
      '--tgui--link_color': '#ff5500',
      '--tgui--accent_text_color': '#ff5500',
      '--tgui--button_text_color': '#ffffff',
    });
  });

  it('leave Telegram’s theme alone where the client chose nothing, and ignore anything that is not #rrggbb', () => {
    expect(brandStyle(undefined)).toEqual({});
    expect(brandStyle({ accent: 'red; background: url(x)', background: '#12345' })).toEqual({});
    expect(brandStyle({ background: '#101820' })).toMatchObject({ background: '#101820', '--tgui--bg_color': '#101820' });
  });
});
