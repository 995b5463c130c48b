import '@telegram-apps/telegram-ui/dist/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { OutsideTelegram } from './outside-telegram';
import { startTelegram } from './telegram/sdk';
import { readLaunch } from './telegram/launch';

const launch = readLaunch();
let started = false;
if (launch) {
  try {
    startTelegram();
    started = true;
  } catch (e) {
    // The hash looked like a launch but the SDK could not talk to a client: same as no launch at all.
    console.error('Telegram SDK failed to start', e);
  }
}

createRoot(document.getElementById('root')!).render(<StrictMode>{launch && started ? <App launch={launch} /> : <OutsideTelegram />}</StrictMode>);
