import type { JsonRpcProvider } from 'ethers';

/** The fee every transaction of one chain's sweep carries: read once per chain, so a top-up computed with
 * it covers exactly the transfer that then spends it. EIP-1559 where the chain has a base fee, else legacy. */
export type Fees = { type: 2; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: 0; gasPrice: bigint };

/** The most one unit of gas can cost: what a sender must hold per unit of its gas limit (a node refuses a
 * transaction whose value + gasLimit * this exceeds the balance, whatever it is charged in the end). */
export const maxPerGas = (fees: Fees) => (fees.type === 2 ? fees.maxFeePerGas : fees.gasPrice);

/** ethers' fee data: maxFeePerGas is 2 * base fee + tip, room for the base fee to rise for several blocks
 * before the transactions would wait. */
export async function readFees(provider: JsonRpcProvider): Promise<Fees> {
  const data = await provider.getFeeData();
  if (data.maxFeePerGas !== null && data.maxPriorityFeePerGas !== null) {
    return { type: 2, maxFeePerGas: data.maxFeePerGas, maxPriorityFeePerGas: data.maxPriorityFeePerGas };
  }
  if (data.gasPrice === null) throw new Error('the node gives no gas price');
  return { type: 0, gasPrice: data.gasPrice };
}

/** The transaction fields for these fees. */
export const feeFields = (fees: Fees) =>
  fees.type === 2 ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas } : { type: 0, gasPrice: fees.gasPrice };
