import '@telegram-apps/telegram-ui/dist/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { OutsideTelegram } from './outside-telegram';
import { readLaunch } from './telegram/launch';
import { hasTelegramHost, startTelegram } from './telegram/sdk';

const launch = readLaunch();
if (launch && hasTelegramHost()) {
  try {
    startTelegram();
  } catch (e) {
    // A client too old for a component, or one that went away: the app still has its launch and the API;
    // every Telegram feature it uses checks availability first and falls back to its own UI.
    console.error('Telegram SDK failed to start', e);
  }
}

createRoot(document.getElementById('root')!).render(<StrictMode>{launch ? <App launch={launch} /> : <OutsideTelegram />}</StrictMode>);
