// The events the wallet records in history. Ids stay strings, as everywhere in the trail.

export type WalletHistoryEvent =
  | {
      action: 'wallet.address_assigned';
      subject: 'group';
      data: { index: string; path: string; address: string };
    }
  | {
      /** A group upgraded to a supergroup: its address credits the new chat from now on. */
      action: 'wallet.group_moved';
      subject: 'group';
      data: { fromChatId: string; toChatId: string };
    };
