import { readFileSync } from 'node:fs';

// Key material for an operator command (`warhorn wallet sweep`), from the three places that do not show it
// to others: an environment variable given to that command only, a file (mode 600 on the operator's
// machine), or typed at a prompt that does not echo. Never from argv: the command line of a running process
// is readable by every user of the machine (`ps`, /proc/<pid>/cmdline) and lands in shell history.

export type SecretSource = { from: 'env' | 'file' | 'prompt'; value: string };

/** Reads the whole file, trimmed; the error names the path (the operator's own), never the content. */
export function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new Error(`${what} file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`);
  }
}

/** Asks on a terminal without echoing what is typed (raw mode; Enter ends, Ctrl-C or Ctrl-D aborts). */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new Error('stdin is not a terminal: nothing to prompt on'));
      return;
    }
    output.write(question);
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(typed.trim());
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('aborted at the prompt'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
