// A client's colours over Telegram's theme: the CSS variables telegram-ui paints with, set on the app's root.
// Pure, so the mapping is unit-tested; only #rrggbb passes (the server checks it too: this is the app not
// trusting a value it puts in a style attribute).
import type { BrandColors } from '../api/bots-types';

const HEX = /^#[0-9a-fA-F]{6}$/;

export function brandStyle(colors: BrandColors | undefined): Record<string, string> {
  const style: Record<string, string> = {};
  const accent = colors?.accent && HEX.test(colors.accent) ? colors.accent : undefined;
  const accentText = colors?.accentText && HEX.test(colors.accentText) ? colors.accentText : undefined;
  const background = colors?.background && HEX.test(colors.background) ? colors.background : undefined;
  if (accent) {
    // Buttons, links, switches and the accent texts: what makes an app look like the brand's.
    style['--tgui--button_color'] = accent;
    style['--tgui--link_color'] = accent;
    style['--tgui--accent_text_color'] = accent;
  }
  if (accentText) style['--tgui--button_text_color'] = accentText;
  if (background) {
    style['--tgui--secondary_bg_color'] = background;
    style['--tgui--bg_color'] = background;
    style.background = background;
  }
  return style;
}
