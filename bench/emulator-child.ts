// Starts bench/emulator-process.ts in a child process and drives it over the emulator's HTTP driver
// (testkit/telegram/README.md): Telegram is on a machine of its own, and sharing this event loop with the
// delivery workers would delay its clock by their work.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startEmulatorProcess() {
  const child = fork(fileURLToPath(new URL('./emulator-process.js', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { apiRoot } = await new Promise<{ apiRoot: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { apiRoot: string }));
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code}`)));
  });
  const origin = new URL(apiRoot).origin;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/driver/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = (await response.json()) as { ok: boolean; result: T; error?: string };
    if (!answer.ok) throw new Error(`emulator driver ${path}: ${answer.error}`);
    return answer.result;
  };
  return {
    apiRoot,
    driver: <T = unknown>(path: string, body: unknown) => call<T>('POST', path, body),
    stats: () => call<{ tooManyRequestsByBot: Record<number, number>; messagesAccepted: Record<number, number> }>('GET', 'stats'),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
