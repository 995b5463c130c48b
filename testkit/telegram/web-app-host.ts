// The Telegram client's side of a Mini App, as Telegram Web (web.telegram.org) does it: the app runs in an
// iframe whose URL hash carries the launch parameters (tgWebAppData = the signed initData, the theme, the
// platform, the start parameter), and the two talk through postMessage with JSON strings
// `{ eventType, eventData }` (core.telegram.org/api/web-events, docs.telegram-mini-apps.com/platform/methods).
// The page draws what the client would: a header with the back button, the main button under the app, and it
// answers the app's requests (theme, viewport, safe areas) and shows its popups. Everything the app asked for is kept in
// `window.__telegram.events` so a browser test can check, for instance, that an action gave haptic feedback.
// It imports nothing and serves no secrets: the initData it embeds is already signed.

export type WebAppTheme = 'light' | 'dark';

/** Telegram's default palettes (the theme params a client sends; keys as in the Bot API's ThemeParams). */
export const THEME_PARAMS: Record<WebAppTheme, Record<string, string>> = {
  light: {
    bg_color: '#ffffff', text_color: '#000000', hint_color: '#707579', link_color: '#3390ec', button_color: '#3390ec',
    button_text_color: '#ffffff', secondary_bg_color: '#f4f4f5', header_bg_color: '#ffffff', accent_text_color: '#3390ec',
    section_bg_color: '#ffffff', section_header_text_color: '#3390ec', section_separator_color: '#e7e7e7',
    subtitle_text_color: '#707579', destructive_text_color: '#e53935', bottom_bar_bg_color: '#ffffff',
  },
  dark: {
    bg_color: '#212121', text_color: '#ffffff', hint_color: '#aaaaaa', link_color: '#8774e1', button_color: '#8774e1',
    button_text_color: '#ffffff', secondary_bg_color: '#0f0f0f', header_bg_color: '#212121', accent_text_color: '#8774e1',
    section_bg_color: '#212121', section_header_text_color: '#8774e1', section_separator_color: '#3a3a3a',
    subtitle_text_color: '#aaaaaa', destructive_text_color: '#e53935', bottom_bar_bg_color: '#212121',
  },
};

export interface WebAppLaunch {
  /** The Mini App's URL as the bot's web_app button names it (may carry a query; the hash is ours). */
  appUrl: string;
  /** Raw initData, already signed with the bot's token. */
  initData: string;
  theme: WebAppTheme;
  /** The bot's name for the header. */
  title: string;
  startParam?: string;
  /** Bot API version the client claims to support (the SDK checks methods against it). */
  version?: string;
}

/** The hash Telegram Web appends to the app's URL. */
export function launchHash(launch: WebAppLaunch): string {
  const params = new URLSearchParams({
    tgWebAppData: launch.initData,
    tgWebAppVersion: launch.version ?? '8.0',
    tgWebAppPlatform: 'weba',
    tgWebAppThemeParams: JSON.stringify(THEME_PARAMS[launch.theme]),
  });
  if (launch.startParam) params.set('tgWebAppStartParam', launch.startParam);
  return params.toString();
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole host page: a phone-sized Telegram frame around the app. */
export function webAppHostPage(launch: WebAppLaunch): string {
  const theme = THEME_PARAMS[launch.theme];
  const src = `${launch.appUrl}#${launchHash(launch)}`;
  const config = JSON.stringify({ theme, origin: new URL(launch.appUrl).origin }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(launch.title)} — Mini App (Telegram emulator)</title>
<style>
  html, body { margin: 0; height: 100%; background: ${theme.secondary_bg_color}; font: 15px system-ui, sans-serif; }
  #phone { width: 390px; height: 100%; max-height: 844px; margin: 0 auto; display: flex; flex-direction: column;
    background: ${theme.bg_color}; color: ${theme.text_color}; box-shadow: 0 0 12px rgba(0,0,0,.2); }
  header { height: 48px; display: flex; align-items: center; gap: 8px; padding: 0 8px; background: ${theme.header_bg_color};
    border-bottom: 1px solid ${theme.section_separator_color}; }
  header button { border: 0; background: none; color: ${theme.link_color}; font-size: 15px; cursor: pointer; padding: 8px; }
  header .title { flex: 1; font-weight: 600; text-align: center; }
  iframe { flex: 1; border: 0; width: 100%; background: ${theme.bg_color}; }
  #main-button { height: 48px; margin: 8px 12px 12px; border: 0; border-radius: 10px; font-size: 15px; font-weight: 600;
    cursor: pointer; display: none; }
  #main-button[disabled] { opacity: .6; cursor: default; }
  #popup { position: fixed; inset: 0; background: rgba(0,0,0,.4); display: flex; align-items: center; justify-content: center; }
  #popup[hidden] { display: none; }
  #popup .box { width: 300px; padding: 16px; border-radius: 12px; background: ${theme.bg_color}; color: ${theme.text_color}; }
  #popup .box strong { display: block; margin-bottom: 6px; }
  #popup .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
  #popup button { border: 0; background: none; color: ${theme.link_color}; font-size: 15px; cursor: pointer; padding: 6px 8px; }
  #popup button.destructive { color: ${theme.destructive_text_color}; }
</style></head>
<body><div id="phone">
  <header><button id="back-button" type="button" style="visibility:hidden">‹ Back</button>
    <span class="title">${escapeHtml(launch.title)}</span><button id="close-button" type="button">Close</button></header>
  <iframe id="app" title="Mini App" src="${escapeHtml(src)}" allow="clipboard-write"></iframe>
  <button id="main-button" type="button"></button>
</div>
<div id="popup" hidden><div class="box"><strong id="popup-title"></strong><div id="popup-message"></div><div class="buttons" id="popup-buttons"></div></div></div>
<script>
(() => {
  const config = ${config};
  const frame = document.getElementById('app');
  const main = document.getElementById('main-button');
  const back = document.getElementById('back-button');
  const state = { events: [], mainButton: null, backButton: false, closed: false, popup: null };
  window.__telegram = state;
  const emit = (eventType, eventData) => frame.contentWindow.postMessage(JSON.stringify({ eventType, eventData }), config.origin);
  const viewport = () => ({ height: frame.clientHeight, width: frame.clientWidth, is_expanded: true, is_state_stable: true });
  const insets = { top: 0, bottom: 0, left: 0, right: 0 };
  const answers = {
    web_app_request_theme: () => emit('theme_changed', { theme_params: config.theme }),
    web_app_request_viewport: () => emit('viewport_changed', viewport()),
    web_app_request_safe_area: () => emit('safe_area_changed', insets),
    web_app_request_content_safe_area: () => emit('content_safe_area_changed', insets),
    web_app_setup_main_button: (d) => {
      state.mainButton = d;
      main.style.display = d.is_visible ? 'block' : 'none';
      main.textContent = d.is_progress_visible ? '…' : (d.text || '');
      main.disabled = d.is_active === false;
      main.style.background = d.color || config.theme.button_color;
      main.style.color = d.text_color || config.theme.button_text_color;
    },
    web_app_setup_back_button: (d) => { state.backButton = !!d.is_visible; back.style.visibility = d.is_visible ? 'visible' : 'hidden'; },
    web_app_open_link: (d) => window.open(d.url, '_blank', 'noopener'),
    // Telegram's popup: its buttons are the host's (#popup [data-popup-button="<id>"]); a press closes it with that id.
    web_app_open_popup: (d) => {
      const popup = document.getElementById('popup');
      document.getElementById('popup-title').textContent = d.title || '';
      document.getElementById('popup-message').textContent = d.message || '';
      const buttons = document.getElementById('popup-buttons');
      buttons.replaceChildren();
      state.popup = d;
      for (const b of d.buttons || [{ id: '', type: 'close' }]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.popupButton = b.id || '';
        button.className = b.type === 'destructive' ? 'destructive' : '';
        button.textContent = b.text || ({ ok: 'OK', close: 'Close', cancel: 'Cancel' }[b.type] ?? '');
        button.addEventListener('click', () => { popup.hidden = true; state.popup = null; emit('popup_closed', { button_id: b.id || '' }); });
        buttons.append(button);
      }
      popup.hidden = false;
    },
    web_app_close: () => { state.closed = true; },
  };
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || typeof event.data !== 'string') return;
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    if (!message || typeof message.eventType !== 'string') return;
    let data = message.eventData;
    if (typeof data === 'string') { try { data = JSON.parse(data); } catch { /* keep the string */ } }
    state.events.push({ type: message.eventType, data: data ?? null });
    const answer = answers[message.eventType];
    if (answer) answer(data || {});
  });
  main.addEventListener('click', () => { if (!main.disabled) emit('main_button_pressed'); });
  back.addEventListener('click', () => emit('back_button_pressed'));
  document.getElementById('close-button').addEventListener('click', () => { state.closed = true; frame.remove(); main.remove(); });
  window.addEventListener('resize', () => emit('viewport_changed', viewport()));
})();
</script></body></html>`;
}
