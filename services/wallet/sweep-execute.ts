import type { HDNodeWallet, JsonRpcProvider, Log, TransactionResponse, Wallet } from 'ethers';
import { onChain, SweepFailedError } from './sweep-errors.js';
import { feeFields, maxPerGas } from './sweep-fees.js';
import { ERC20, hasWork, TRANSFER_GAS, worthSweeping, type AddressPlan, type ChainPlan } from './sweep-plan.js';

// Carries out one chain's plan, one transaction at a time, each waited for (one confirmation) before the
// next: a token transfer is sent only once its gas top-up is mined, and the coin is swept only once the
// token transfers have paid their gas, from the balance read then. Nothing here writes to the database:
// deposit addresses and the hot wallet are both the platform's, so moving funds between them is not a
// ledger event (the ledger credited the groups when the deposits arrived, and the chain is the record of
// the sweep). A failure stops the run: what was sent stays sent and was reported; a run again finds the rest.

export type MoveKind = 'gas' | 'token' | 'native';

export interface SweepMove {
  kind: MoveKind;
  plan: AddressPlan;
  chainId: number;
  chainName: string;
  symbol: string;
  decimals: number;
  amount: bigint;
  /** What the transaction spent on gas, from its receipt, in the chain's coin. */
  fee: bigint;
  feeSymbol: string;
  feeDecimals: number;
  txHash: string;
}

export interface ExecuteInput {
  plan: ChainPlan;
  provider: JsonRpcProvider;
  /** The account node (m/44'/60'/0'/0) of the extended private key: address i signs with child i. */
  account: HDNodeWallet;
  gasPayer: Wallet | null;
  destination: string;
  receiptTimeoutMs: number;
  /** Told of each move as soon as it is mined, so a run that fails later still shows what it did. */
  onMove: (move: SweepMove) => void;
}

export async function executeChain(input: ExecuteInput): Promise<SweepMove[]> {
  const { plan, provider, destination } = input;
  const { chain, fees } = plan;
  const fields = feeFields(fees);
  const perGas = maxPerGas(fees);
  const moves: SweepMove[] = [];
  const call = <T>(step: string, fn: () => Promise<T>) => onChain(chain, step, fn);

  const mined = async (step: string, sent: Promise<TransactionResponse>) => {
    const tx = await call(`sending ${step}`, () => sent);
    const notMined = () => new SweepFailedError(`${chain.name} (chain ${chain.id}): ${step} (${tx.hash}) not mined within ${input.receiptTimeoutMs} ms; it may still be: run again later (an address with a pending transaction is left alone)`);
    // ethers answers a timeout with an error (code TIMEOUT), and retries a failing receipt call by itself.
    const receipt = await call(`waiting for ${step} (${tx.hash})`, () =>
      provider.waitForTransaction(tx.hash, 1, input.receiptTimeoutMs).catch((error: { code?: string }) => {
        throw error.code === 'TIMEOUT' ? notMined() : error;
      }),
    );
    if (!receipt) throw notMined();
    if (receipt.status !== 1) throw new SweepFailedError(`${chain.name} (chain ${chain.id}): ${step} (${tx.hash}) reverted`);
    return { hash: tx.hash, fee: receipt.gasUsed * receipt.gasPrice, logs: receipt.logs };
  };
  const record = (move: Omit<SweepMove, 'chainId' | 'chainName' | 'feeSymbol' | 'feeDecimals'>) => {
    const full = { ...move, chainId: chain.id, chainName: chain.name, feeSymbol: chain.native.symbol, feeDecimals: chain.native.decimals };
    moves.push(full);
    input.onMove(full);
  };

  for (const p of plan.addresses) {
    if (!hasWork(p)) continue;
    const signer = input.account.deriveChild(p.address.index).connect(provider);
    // Planned against the stored address; a different one here would mean the key checks were skipped.
    if (signer.address.toLowerCase() !== p.address.address) throw new SweepFailedError(`deposit index ${p.address.index} derives another address than the stored one`);
    if (p.topUp > 0n) {
      if (!input.gasPayer) throw new SweepFailedError('a gas top-up is needed and no gas payer was given');
      const payer = input.gasPayer.connect(provider);
      const sent = await mined(`the gas top-up of ${p.address.address}`, payer.sendTransaction({ to: signer.address, value: p.topUp, gasLimit: TRANSFER_GAS, chainId: chain.id, ...fields }));
      record({ kind: 'gas', plan: p, symbol: chain.native.symbol, decimals: chain.native.decimals, amount: p.topUp, fee: sent.fee, txHash: sent.hash });
    }
    for (const t of p.tokens) {
      const data = ERC20.encodeFunctionData('transfer', [destination, t.amount]);
      const step = `the ${t.token.symbol} transfer from ${p.address.address}`;
      const sent = await mined(step, signer.sendTransaction({ to: t.token.address, data, gasLimit: t.gasLimit, chainId: chain.id, ...fields }));
      // Some older tokens answer `false` instead of reverting: mined, status 1, nothing moved. Only the
      // token's own Transfer event says the amount went where it should.
      if (!movedBy(sent.logs, t.token.address, p.address.address, destination, t.amount)) {
        throw new SweepFailedError(`${chain.name} (chain ${chain.id}): ${step} (${sent.hash}) was mined but moved nothing (no Transfer event for it)`);
      }
      record({ kind: 'token', plan: p, symbol: t.token.symbol, decimals: t.token.decimals, amount: t.amount, fee: sent.fee, txHash: sent.hash });
    }
    // The coin is swept from the balance now (the token transfers rarely used all their gas limit): the
    // value is the balance less the most this transfer can cost, so it cannot fail for want of funds, and
    // what the actual fee leaves over stays as dust for the next deposit to carry along. Skipped when it is
    // dust itself (worthSweeping).
    const balance = await call(`reading the balance of ${p.address.address}`, () => provider.getBalance(p.address.address, 'latest'));
    const gas = plan.nativeGasLimit * perGas;
    if (worthSweeping(balance, gas)) {
      const value = balance - gas;
      const sent = await mined(`the ${chain.native.symbol} transfer from ${p.address.address}`, signer.sendTransaction({ to: destination, value, gasLimit: plan.nativeGasLimit, chainId: chain.id, ...fields }));
      record({ kind: 'native', plan: p, symbol: chain.native.symbol, decimals: chain.native.decimals, amount: value, fee: sent.fee, txHash: sent.hash });
    }
  }
  return moves;
}

const TRANSFER_TOPIC = ERC20.getEvent('Transfer')!.topicHash;

function movedBy(logs: readonly Log[], token: string, from: string, to: string, amount: bigint): boolean {
  return logs.some((log) => {
    if (log.address.toLowerCase() !== token.toLowerCase() || log.topics[0] !== TRANSFER_TOPIC) return false;
    const parsed = ERC20.parseLog(log);
    return parsed !== null && String(parsed.args[0]).toLowerCase() === from.toLowerCase() && String(parsed.args[1]).toLowerCase() === to.toLowerCase() && parsed.args[2] === amount;
  });
}
