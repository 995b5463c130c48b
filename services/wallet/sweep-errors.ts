/** The sweep will not start: a bad or wrong key, a destination or gas payer it cannot use. Nothing was sent.
 * The message never includes a key (nor any part of one). */
export class SweepRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepRefusedError';
  }
}

/** A chain call or a transaction failed part way: what was sent before it stays sent (and was printed), and
 * a run again picks up what is left. The message names the chain and the step, never the RPC URL (it often
 * carries an API key). */
export class SweepFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepFailedError';
  }
}

/** Runs one chain call, turning any failure into a SweepFailedError that names the chain and the step. ethers
 * puts the request (URL included) in its long messages: only its short message or code is kept, and anything
 * that looks like a URL is cut out of that too. */
export async function onChain<T>(chain: { id: number; name: string }, step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SweepFailedError || error instanceof SweepRefusedError) throw error;
    const e = error as { shortMessage?: string; code?: string; message?: string };
    const why = (e.shortMessage ?? e.code ?? e.message ?? String(error)).replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[rpc url]').slice(0, 300);
    throw new SweepFailedError(`${chain.name} (chain ${chain.id}): ${step} failed: ${why}`);
  }
}
