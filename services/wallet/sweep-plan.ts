import { Interface, type JsonRpcProvider } from 'ethers';
import type { ChainConfig, TokenConfig } from '../platform/chains.js';
import type { ChatId } from '../platform/telegram-ids.js';
import { onChain, SweepRefusedError } from './sweep-errors.js';
import { maxPerGas, readFees, type Fees } from './sweep-fees.js';

// What one chain's sweep will do, read from the chain before anything is sent: every balance, every gas
// estimate, every top-up. The whole plan of every chain is made (and checked: is there a gas payer, does it
// hold enough) before the first transaction, so a refusal sends nothing.

export const ERC20 = new Interface([
  'function balanceOf(address owner) view returns (uint256)',
  'function transfer(address to, uint256 value) returns (bool)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
]);

/** A plain coin transfer to an account without code. */
export const TRANSFER_GAS = 21_000n;

/** Added to each token transfer's gas estimate (1/5): the estimate is made against the chain as it is at
 * planning; the destination's token balance going from zero to non-zero (or back, a withdrawal in between)
 * changes the storage cost by up to 20,000 gas, and a transfer that runs out of gas still pays for it. What
 * is not used stays at the deposit address and is swept with its next deposit. */
const GAS_MARGIN_DIVISOR = 5n;

export interface AssignedAddress {
  index: number;
  /** Lower case, as the wallet stores it. */
  address: string;
  /** The chat it credits now (after an upgrade to a supergroup, the new chat). */
  chatId: ChatId;
}

export interface TokenStep {
  token: TokenConfig;
  /** The whole balance at planning (only this key can move funds out, so it can only have grown since). */
  amount: bigint;
  gasLimit: bigint;
}

export interface AddressPlan {
  address: AssignedAddress;
  nativeBalance: bigint;
  tokens: TokenStep[];
  /** Coin the gas payer sends first so the token transfers can pay for their gas; 0n when it holds enough. */
  topUp: bigint;
  /** The coin expected to go to the destination after the tokens: the balance less its transfer's gas, or
   * 0n when it is dust (worthSweeping: the gas would be more than a tenth of what it moves). */
  native: bigint;
  /** Coin left behind as dust (may be 0n). */
  dust: bigint;
  /** Set when nothing is done here this run, and why. */
  skipped?: string;
  /** Token balances left where they are because their transfer would fail (a paused token, a blacklist). */
  stuck: Array<{ token: TokenConfig; amount: bigint; why: string }>;
}

export interface ChainPlan {
  chain: ChainConfig;
  fees: Fees;
  /** Gas of the coin transfer to the destination: 21,000 to an account, estimated when it is a contract. */
  nativeGasLimit: bigint;
  addresses: AddressPlan[];
  /** The top-ups' sum and their own gas: what the gas payer must hold on this chain. */
  gasPayerNeeds: bigint;
  gasPayerBalance: bigint | null;
}

export interface PlanInput {
  chain: ChainConfig;
  provider: JsonRpcProvider;
  addresses: AssignedAddress[];
  destination: string;
  gasPayer: string | null;
}

export async function planChain(input: PlanInput): Promise<ChainPlan> {
  const { chain, provider, destination } = input;
  const call = <T>(step: string, fn: () => Promise<T>) => onChain(chain, step, fn);
  // A URL pointing at another chain would be signed for with the wrong id: every transaction would fail,
  // or worse, be valid there. Checked before anything else.
  const answered = Number(await call('reading the chain id', () => provider.send('eth_chainId', [])));
  if (answered !== chain.id) throw new SweepRefusedError(`${chain.name} (chain ${chain.id}): its rpcUrl answers chain id ${answered}: fix CHAINS before sweeping. Nothing was sent.`);
  const fees = await call('reading fees', () => readFees(provider));
  const perGas = maxPerGas(fees);
  const destinationCode = await call('reading the destination', () => provider.getCode(destination));
  // A contract destination (a multisig) runs code on receiving coin: its gas is estimated, with the margin.
  const nativeGasLimit = destinationCode === '0x'
    ? TRANSFER_GAS
    : withMargin(await call('estimating a coin transfer to the destination', () => provider.estimateGas({ to: destination, value: 1n })));

  const plans: AddressPlan[] = [];
  for (const assigned of input.addresses) {
    const address = assigned.address;
    const [latest, pending] = await call(`reading nonces of ${address}`, () => Promise.all([provider.getTransactionCount(address, 'latest'), provider.getTransactionCount(address, 'pending')]));
    const nativeBalance = await call(`reading the balance of ${address}`, () => provider.getBalance(address, 'latest'));
    const empty: AddressPlan = { address: assigned, nativeBalance, tokens: [], topUp: 0n, native: 0n, dust: 0n, stuck: [] };
    // A transfer of an earlier run not mined yet: planning against its balances would send the same
    // tokens twice (the second reverting, its gas lost). Left for a later run. Real nodes (geth, erigon, the
    // providers) count their pool in 'pending'; ganache answers 'latest', so the testkit cannot show this.
    // A pending top-up *to* the address is not seen here: a run again may top it up twice (README).
    if (pending > latest) {
      plans.push({ ...empty, skipped: 'a transaction from it is still pending; run again once it is mined' });
      continue;
    }
    const tokens: TokenStep[] = [];
    const stuck: AddressPlan['stuck'] = [];
    for (const token of chain.tokens) {
      // Decoded inside the step too: a token address with no contract (a wrong CHAINS entry) answers '0x'.
      const amount = await call(`reading ${token.symbol} at ${address}`, async () => {
        const raw = await provider.call({ to: token.address, data: ERC20.encodeFunctionData('balanceOf', [address]) });
        return BigInt(ERC20.decodeFunctionResult('balanceOf', raw)[0] as bigint);
      });
      if (amount === 0n) continue;
      const data = ERC20.encodeFunctionData('transfer', [destination, amount]);
      try {
        // Estimated from the address even when it holds no coin: a node estimates without charging.
        const estimate = await provider.estimateGas({ from: address, to: token.address, data });
        tokens.push({ token, amount, gasLimit: withMargin(estimate) });
      } catch (error) {
        stuck.push({ token, amount, why: `its transfer would fail (${(error as { shortMessage?: string }).shortMessage ?? 'estimate refused'})` });
      }
    }
    const tokenGas = tokens.reduce((sum, t) => sum + t.gasLimit * perGas, 0n);
    const topUp = tokenGas > nativeBalance ? tokenGas - nativeBalance : 0n;
    // After the token transfers, at worst (each using its whole gas limit) this much coin is left.
    const left = nativeBalance + topUp - tokenGas;
    const nativeGas = nativeGasLimit * perGas;
    const sweepable = worthSweeping(left, nativeGas);
    plans.push({ address: assigned, nativeBalance, tokens, topUp, native: sweepable ? left - nativeGas : 0n, dust: sweepable ? 0n : left, stuck });
  }
  const topUps = plans.filter((p) => p.topUp > 0n);
  const gasPayerNeeds = topUps.reduce((sum, p) => sum + p.topUp + TRANSFER_GAS * perGas, 0n);
  const gasPayerBalance = input.gasPayer ? await call('reading the gas payer\'s balance', () => provider.getBalance(input.gasPayer!, 'latest')) : null;
  return { chain, fees, nativeGasLimit, addresses: plans, gasPayerNeeds, gasPayerBalance };
}

const withMargin = (gas: bigint) => gas + gas / GAS_MARGIN_DIVISOR;

/** Coin is swept when its transfer's gas is at most a tenth of what it moves; less is dust, left for the next
 * deposit to carry along (it stays the platform's). A plain "more than its gas" would move the leftovers of
 * gas top-ups back and forth as fees change between runs (a top-up's unused margin is worth a few transfers'
 * gas), and spend half of what it moves doing so: a run again after a sweep should find nothing to do. */
export const DUST_GAS_SHARE = 10n;

/** Whether `balance` is worth a coin transfer costing at most `gas`. */
export const worthSweeping = (balance: bigint, gas: bigint) => balance - gas >= gas * DUST_GAS_SHARE;

/** Whether the plan moves anything. */
export const hasWork = (p: AddressPlan) => !p.skipped && (p.tokens.length > 0 || p.native > 0n);
