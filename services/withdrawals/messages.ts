// What withdrawals tell the member, as a port: the service says which withdrawal ended how (plain data); the
// bot side, chosen by the bot's id, says it in words (bots/features/withdraw/texts.ts).

/** A message's content as the outbox sends it (text, formatting, buttons): built by the bot side. */
export type MessageContent = { text: string } & Record<string, unknown>;

export interface WithdrawalNotice {
  withdrawalId: string;
  chainName: string;
  symbol: string;
  decimals: number;
  /** In the token's smallest unit. */
  amount: bigint;
  to: string;
  txHash: string;
  /** A link to the transaction on the chain's explorer, when one is configured. */
  explorerUrl: string | null;
}

export interface WithdrawalMessages {
  /** The transfer is confirmed on chain: the member has the money. */
  paid(notice: WithdrawalNotice): MessageContent;
  /** The transfer failed on chain; the amount is back in the member's rewards. */
  failed(notice: WithdrawalNotice): MessageContent;
}
