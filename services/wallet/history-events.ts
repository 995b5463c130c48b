// The events the wallet records in history. Ids stay strings, as everywhere in the trail.

export type WalletHistoryEvent = {
  action: 'wallet.address_assigned';
  subject: 'group';
  data: { index: string; path: string; address: string };
};
