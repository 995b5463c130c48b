import { getAddress, Wallet, ZeroAddress, type JsonRpcProvider } from 'ethers';
import type { ChainConfig } from '../platform/chains.js';
import { checkSweepXprv } from '../platform/deposit-xprv.js';
import type { ServiceBase } from '../platform/service-base.js';
import { fingerprintOf } from './derive.js';
import { readAll, storedFingerprint } from './store.js';
import { SweepRefusedError } from './sweep-errors.js';
import { executeChain, type SweepMove } from './sweep-execute.js';
import { human, planLines, reportLines } from './sweep-report.js';
import { hasWork, planChain, type AssignedAddress, type ChainPlan } from './sweep-plan.js';

// `warhorn wallet sweep`: moves what sits at the groups' deposit addresses to the hot wallet. Run by the
// operator, on a machine of their choice, with the extended private key given to this command only; the
// server never has it and keeps working without any sweep (deposits are credited where they arrive).
//
// Order, so that a refusal sends nothing: the key is checked (private, at m/44'/60'/0'/0), then matched
// against what the database says was given out (the stored fingerprint of the xpub, and every stored
// address derived again from the key: a key that matches neither would sign for addresses holding
// nothing, and the real ones would look empty), then every chain is planned, then the gas payer is checked
// against the plan, and only then is anything sent. The database is only read (a READ ONLY transaction):
// deposit addresses and the hot wallet are both the platform's, so a sweep is no ledger event.

export interface SweepDeps extends Pick<ServiceBase, 'db'> {
  /** The configured chains (CHAINS_FILE / CHAINS), with their tokens. */
  chains: ChainConfig[];
  /** The chain's provider (ethers JsonRpcProvider, cacheTimeout -1, static network); the caller closes it. */
  providerFor(chain: ChainConfig): JsonRpcProvider;
  /** Where the report goes, line by line (the terminal). Never given key material. */
  out(line: string): void;
}

export interface SweepOptions {
  /** The extended private key at m/44'/60'/0'/0 (WALLET_XPRV, a file or the prompt; never argv). */
  xprv: string;
  /** Where everything goes: the hot wallet's address. */
  destination: string;
  /** The private key of the account that pays token sweeps' gas (SWEEP_GAS_KEY), or null. */
  gasKey: string | null;
  /** Only these chains (--chain); null: every configured one. */
  chainIds: number[] | null;
  /** Plan and print; send nothing. */
  dryRun: boolean;
  /** How long to wait for each transaction to be mined. */
  receiptTimeoutMs: number;
}

export interface SweepResult {
  plans: ChainPlan[];
  /** Every transaction sent and mined (none in a dry run). */
  moves: SweepMove[];
}

export async function sweep(deps: SweepDeps, options: SweepOptions): Promise<SweepResult> {
  const key = checkSweepXprv(options.xprv);
  if (!key.ok) throw new SweepRefusedError(`The extended private key ${key.problem}.`);
  const account = key.node;

  const { fingerprint, assigned } = await readAssigned(deps);
  if (assigned.length === 0) {
    deps.out('No deposit address has been given out yet: nothing to sweep.');
    return { plans: [], moves: [] };
  }
  // The fingerprint is of the xpub the server was given: this key's public half, serialized the same way.
  const mine = fingerprintOf(account.neuter().extendedKey);
  if (fingerprint !== mine) {
    throw new SweepRefusedError(
      `The extended private key (fingerprint ${mine.slice(0, 8)}) is not the key the deposit addresses were derived from ` +
        `(fingerprint ${(fingerprint ?? 'none').slice(0, 8)}): nothing was sent. Use the key whose xpub is the server's WALLET_XPUB.`,
    );
  }
  for (const a of assigned) {
    if (account.deriveChild(a.index).address.toLowerCase() !== a.address) {
      throw new SweepRefusedError(`Deposit index ${a.index} (${getAddress(a.address)}) does not derive from this key: nothing was sent.`);
    }
  }

  const destination = addressOr(options.destination, 'The destination (--to or HOT_WALLET_ADDRESS)');
  const ours = new Set(assigned.map((a) => a.address));
  if (destination === ZeroAddress) throw new SweepRefusedError('The destination is the zero address: funds sent there are burned.');
  if (ours.has(destination.toLowerCase())) throw new SweepRefusedError(`The destination ${destination} is a deposit address: sweep to the hot wallet.`);
  let gasPayer: Wallet | null = null;
  if (options.gasKey) {
    try {
      gasPayer = new Wallet(options.gasKey);
    } catch {
      throw new SweepRefusedError('SWEEP_GAS_KEY is not a private key.');
    }
    if (ours.has(gasPayer.address.toLowerCase())) throw new SweepRefusedError('The gas payer is a deposit address: use a separate account.');
  }

  const chains = selectChains(deps.chains, options.chainIds);
  const plans: ChainPlan[] = [];
  for (const chain of chains) {
    plans.push(await planChain({ chain, provider: deps.providerFor(chain), addresses: assigned, destination, gasPayer: gasPayer?.address ?? null }));
  }
  for (const line of planLines(plans, destination)) deps.out(line);
  const problems = gasProblems(plans, gasPayer);
  if (problems.length) throw new SweepRefusedError(`${problems.join('\n')}\nNothing was sent.`);
  if (options.dryRun) {
    deps.out('Dry run: nothing was sent.');
    return { plans, moves: [] };
  }
  if (!plans.some((plan) => plan.addresses.some(hasWork))) return { plans, moves: [] };

  const moves: SweepMove[] = [];
  try {
    for (const plan of plans) {
      await executeChain({
        plan,
        provider: deps.providerFor(plan.chain),
        account,
        gasPayer,
        destination,
        receiptTimeoutMs: options.receiptTimeoutMs,
        onMove: (m) => {
          moves.push(m);
          deps.out(`  mined: ${m.kind === 'gas' ? 'gas top-up to' : `${m.symbol} from`} ${getAddress(m.plan.address.address)}, ${human(m.amount, m.decimals)} ${m.symbol}, ${m.txHash}`);
        },
      });
    }
  } finally {
    // Also after a failure: what was sent before it is the operator's to know.
    for (const line of reportLines(moves, destination)) deps.out(line);
  }
  return { plans, moves };
}

/** The assigned addresses and the stored fingerprint, in one read-only snapshot. */
async function readAssigned(deps: Pick<SweepDeps, 'db'>): Promise<{ fingerprint: string | null; assigned: AssignedAddress[] }> {
  try {
    return await deps.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      const fingerprint = await storedFingerprint(tx);
      const rows = await readAll(tx);
      return { fingerprint, assigned: rows.map((r) => ({ index: r.index, address: r.address, chatId: r.chatId })) };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') throw new SweepRefusedError('The database DATABASE_URL names has no wallet tables: point it at the Warhorn database (read only is enough).');
    throw error;
  }
}

function addressOr(value: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value.trim())) throw new SweepRefusedError(`${what} is not an address.`);
  try {
    return getAddress(value.trim());
  } catch {
    throw new SweepRefusedError(`${what} has a bad checksum (all lower case skips the check).`);
  }
}

function selectChains(chains: ChainConfig[], ids: number[] | null): ChainConfig[] {
  if (!chains.length) throw new SweepRefusedError('No chain is configured (CHAINS_FILE or CHAINS): nothing to sweep on.');
  if (!ids) return chains;
  const unknown = ids.filter((id) => !chains.some((c) => c.id === id));
  if (unknown.length) throw new SweepRefusedError(`Chain ${unknown.join(', ')} is not configured (configured: ${chains.map((c) => c.id).join(', ')}).`);
  return chains.filter((c) => ids.includes(c.id));
}

function gasProblems(plans: ChainPlan[], gasPayer: Wallet | null): string[] {
  const problems: string[] = [];
  for (const plan of plans) {
    if (plan.gasPayerNeeds === 0n) continue;
    const label = `${plan.chain.name} (${plan.chain.id})`;
    const need = `${human(plan.gasPayerNeeds, plan.chain.native.decimals)} ${plan.chain.native.symbol}`;
    if (!gasPayer) problems.push(`${label}: token balances at addresses without coin for gas need top-ups of ${need}: give SWEEP_GAS_KEY (or --gas-key-file), the key of a small account holding ${plan.chain.native.symbol} there.`);
    else if ((plan.gasPayerBalance ?? 0n) < plan.gasPayerNeeds) {
      problems.push(`${label}: the gas payer ${gasPayer.address} holds ${human(plan.gasPayerBalance ?? 0n, plan.chain.native.decimals)} ${plan.chain.native.symbol}; the top-ups need ${need}.`);
    }
  }
  return problems;
}
