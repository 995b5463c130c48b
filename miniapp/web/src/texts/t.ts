// The texts in force. One language today; a translation registers here and `selectLanguage` picks it from
// the user's locale at launch.
import { en, type Texts } from './en';

const catalogs: Record<string, Texts> = { en };
let active: Texts = en;

export function selectLanguage(locale: string): void {
  active = catalogs[locale.split('-')[0]!.toLowerCase()] ?? en;
}

export const t = (): Texts => active;
