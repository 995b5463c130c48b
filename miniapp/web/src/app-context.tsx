// What every view needs from the launch: the API bound to the caller's credentials and the formatter in
// their language.
import { createContext, useContext } from 'react';
import type { Api } from './api/endpoints';
import type { Format } from './format';

export interface AppServices {
  api: Api;
  format: Format;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices outside AppContext');
  return services;
}
