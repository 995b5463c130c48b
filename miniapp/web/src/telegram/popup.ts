// A yes/no question in Telegram's own popup, or the browser's confirm where the client has none.
import { openPopup } from '@telegram-apps/sdk-react';

export async function confirmAction(title: string, message: string, confirm: string, cancel: string): Promise<boolean> {
  if (!openPopup.isAvailable()) return window.confirm(`${title}\n\n${message}`);
  const id = await openPopup({ title, message, buttons: [{ id: 'ok', type: 'destructive', text: confirm }, { id: 'cancel', type: 'default', text: cancel }] });
  return id === 'ok';
}
