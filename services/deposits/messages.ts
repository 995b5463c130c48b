// What the scanner tells a group, as a port: the service says which deposit was credited (plain data); the
// bot side, chosen by the bot's id, says it in words (bots/features/deposit-notices/texts.ts).

/** A message's content as the outbox sends it (text, formatting, buttons): built by the bot side. */
export type MessageContent = { text: string } & Record<string, unknown>;

export interface CreditedDepositNotice {
  chainId: number;
  chainName: string;
  /** The chain's explorer (config), for a link to the transaction; null when none is configured. */
  explorerUrl: string | null;
  /** Lower-case contract address, or 'native'. */
  token: string;
  symbol: string;
  decimals: number;
  /** In the token's smallest unit. */
  amount: bigint;
  from: string;
  txHash: string;
  confirmations: number;
}

export interface DepositMessages {
  /** A deposit to the group's address was credited to its balance. */
  credited(notice: CreditedDepositNotice): MessageContent;
}
