// One function per route of docs/mini-app-api.md, typed by api/types.ts (the route schemas' shapes).
import type { Transport } from './client';
import type {
  AdminGroup,
  BioCheck,
  BioCode,
  Board,
  DepositAddress,
  DepositRow,
  GroupBalance,
  LinkedWallet,
  MoneyEntry,
  MyRewards,
  Paged,
  WalletChallenge,
  Withdrawal,
  WithdrawalRequest,
  Decided,
  GroupDashboard,
  History,
  KolChart,
  LaunchRaid,
  PayableTokens,
  Leaderboard,
  Me,
  MyVerdict,
  MyVerdictPage,
  MyX,
  Notifications,
  OAuthStart,
  Period,
  Raid,
  RaidEnvelope,
  RaidPage,
  RaidResults,
  SettingChanged,
  Settings,
} from './types';
import type { AutoRaid, AutoRaidRequest, Follow, FollowRequest, MentionTerm } from './feeds-types';
import type { BotModule, Branding, CardPreview, MyBot, ServingBot } from './bots-types';

const query = (params: Record<string, string | number | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export type Api = ReturnType<typeof createApi>;

export function createApi(t: Transport) {
  return {
    me: () => t.json<Me>('GET', '/me'),
    notifications: () => t.json<Notifications>('GET', '/me/notifications'),
    servingBot: () => t.json<ServingBot>('GET', '/bot'),
    myBots: () => t.json<{ bots: MyBot[] }>('GET', '/me/bots'),
    myBot: (botId: string) => t.json<{ bot: MyBot }>('GET', `/me/bots/${botId}`),
    registerBot: (body: { token: string; modules: BotModule[]; branding: Branding }) => t.json<{ bot: MyBot }>('POST', '/me/bots', body),
    previewCard: (branding: Branding) => t.json<CardPreview>('POST', '/me/bots/preview', { branding }),
    saveBranding: (botId: string, branding: Branding) => t.json<{ bot: MyBot }>('PUT', `/me/bots/${botId}/branding`, branding),
    saveModules: (botId: string, modules: BotModule[]) => t.json<{ bot: MyBot }>('PUT', `/me/bots/${botId}/modules`, { modules }),
    removeBot: (botId: string) => t.json<void>('DELETE', `/me/bots/${botId}`),
    /** Any subset: the rest stay as they are. Answers the whole set. */
    saveNotifications: (change: Partial<Notifications>) => t.json<Notifications>('PUT', '/me/notifications', change),
    myX: () => t.json<MyX>('GET', '/me/x'),
    startOAuth: () => t.json<OAuthStart>('POST', '/me/x/oauth'),
    startBio: (username: string) => t.json<BioCode>('POST', '/me/x/bio', { username }),
    checkBio: () => t.json<BioCheck>('POST', '/me/x/bio/check'),
    myVerdicts: (cursor?: string | null) => t.json<MyVerdictPage>('GET', `/me/verdicts${query({ cursor })}`),
    myRewards: () => t.json<MyRewards>('GET', '/me/rewards'),
    myTransactions: (cursor?: string | null) => t.json<Paged<MoneyEntry>>('GET', `/me/transactions${query({ cursor })}`),
    myWallets: () => t.json<{ wallets: LinkedWallet[] }>('GET', '/me/wallets'),
    /** A one-time message for that wallet to sign (400 `body.address` for a bad address). */
    walletChallenge: (address: string) => t.json<WalletChallenge>('POST', '/me/wallets/challenge', { address }),
    linkWallet: (signature: string) => t.json<LinkedWallet & { unchanged: boolean }>('POST', '/me/wallets', { signature }),
    /** `key`: the same for a retry of the same request, so it is made once (Idempotency-Key). */
    withdraw: (body: WithdrawalRequest, key: string) => t.json<{ withdrawal: Withdrawal }>('POST', '/me/withdrawals', body, { 'Idempotency-Key': key }),
    myWithdrawals: (cursor?: string | null) => t.json<Paged<Withdrawal>>('GET', `/me/withdrawals${query({ cursor })}`),
    /** `reason` is required, 1-500 characters (400 `body.reason` otherwise). */
    appeal: (raidId: string, reason: string) => t.json<MyVerdict>('POST', `/me/verdicts/${raidId}/appeal`, { reason }),

    groups: () => t.json<{ groups: AdminGroup[] }>('GET', '/groups'),
    group: (chatId: number) => t.json<GroupDashboard>('GET', `/groups/${chatId}`),
    settings: (chatId: number) => t.json<Settings>('GET', `/groups/${chatId}/settings`),
    tokens: () => t.json<PayableTokens>('GET', '/tokens'),
    /** As `/set key value`: `value` the text an admin types after the key ("45m", "on", "7", "USDT", "none"). */
    changeSetting: (chatId: number, key: string, value: string) => t.json<SettingChanged>('PATCH', `/groups/${chatId}/settings`, { key, value }),
    raids: (chatId: number, cursor?: string | null) => t.json<RaidPage>('GET', `/groups/${chatId}/raids${query({ cursor })}`),
    launchRaid: (chatId: number, body: LaunchRaid) => t.json<RaidEnvelope>('POST', `/groups/${chatId}/raids`, body),
    leaderboard: (chatId: number, board: Board, period: Period) => t.json<Leaderboard>('GET', `/groups/${chatId}/leaderboards${query({ board, period })}`),
    /** The points board only (what /export sends). */
    leaderboardCsv: (chatId: number, period: Period) => t.blob(`/groups/${chatId}/leaderboards.csv${query({ period })}`),
    depositAddress: (chatId: number) => t.json<DepositAddress>('GET', `/groups/${chatId}/deposit`),
    groupBalance: (chatId: number) => t.json<GroupBalance>('GET', `/groups/${chatId}/balance`),
    groupTransactions: (chatId: number, cursor?: string | null) => t.json<Paged<MoneyEntry>>('GET', `/groups/${chatId}/transactions${query({ cursor })}`),
    groupDeposits: (chatId: number, cursor?: string | null) => t.json<Paged<DepositRow>>('GET', `/groups/${chatId}/deposits${query({ cursor })}`),
    /** Members may read it; `days` 1-90 (default 30). */
    kols: (chatId: number, days?: number) => t.json<{ days: number; kols: KolChart[] }>('GET', `/groups/${chatId}/kols${query({ days })}`),
    history: (chatId: number, cursor?: string | null) => t.json<History>('GET', `/groups/${chatId}/history${query({ cursor })}`),
    follows: (chatId: number) => t.json<{ follows: Follow[] }>('GET', `/groups/${chatId}/follows`),
    /** As /follow: 400 `body.handle`, 404 (X has no such account), 409 `limit`, 503 `x_unavailable`. */
    follow: (chatId: number, body: FollowRequest) => t.json<{ follow: Follow }>('POST', `/groups/${chatId}/follows`, body),
    unfollow: (chatId: number, username: string) => t.json<void>('DELETE', `/groups/${chatId}/follows/${encodeURIComponent(username)}`),
    mentions: (chatId: number) => t.json<{ terms: MentionTerm[] }>('GET', `/groups/${chatId}/mentions`),
    /** As /mentions add: a refused term is 400 `bad_term` with the reason in its message. */
    addMention: (chatId: number, term: string) => t.json<{ term: MentionTerm }>('POST', `/groups/${chatId}/mentions`, { term }),
    removeMention: (chatId: number, term: string) => t.json<void>('DELETE', `/groups/${chatId}/mentions/${encodeURIComponent(term)}`),
    autoRaid: (chatId: number) => t.json<{ autoRaid: AutoRaid | null }>('GET', `/groups/${chatId}/auto-raid`),
    setAutoRaid: (chatId: number, body: AutoRaidRequest) => t.json<{ autoRaid: AutoRaid }>('PUT', `/groups/${chatId}/auto-raid`, body),
    autoRaidOff: (chatId: number) => t.json<void>('DELETE', `/groups/${chatId}/auto-raid`),

    raid: (raidId: string) => t.json<Raid>('GET', `/raids/${raidId}`),
    endRaid: (raidId: string) => t.json<RaidEnvelope>('POST', `/raids/${raidId}/end`),
    cancelRaid: (chatId: number, raidId: string) => t.json<RaidEnvelope>('POST', `/groups/${chatId}/raids/${raidId}/cancel`),
    results: (raidId: string) => t.json<RaidResults>('GET', `/raids/${raidId}/results`),
    decide: (raidId: string, userId: number, decision: 'accept' | 'reject') => t.json<Decided>('POST', `/raids/${raidId}/claimants/${userId}/decision`, { decision }),
    /** 404 before validation. */
    reportCsv: (raidId: string) => t.blob(`/raids/${raidId}/report.csv`),
  };
}
