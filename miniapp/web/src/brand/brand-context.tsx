// The bot the app was opened from, once GET /bot answered: its name and logo for the header, its colours for
// the root. Null until then, or when the answer failed (the app works in Telegram's theme meanwhile).
import { createContext, useContext } from 'react';
import type { ServingBot } from '../api/bots-types';

export const BrandContext = createContext<ServingBot | null>(null);

export const useBrand = (): ServingBot | null => useContext(BrandContext);
