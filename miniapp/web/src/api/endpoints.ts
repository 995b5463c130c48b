// One function per route of docs/mini-app-api.md, typed by api/types.ts (the route schemas' shapes).
import type { Transport } from './client';
import type {
  AdminGroup,
  BioCheck,
  BioCode,
  Board,
  Decided,
  GroupDashboard,
  History,
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
    /** Any subset: the rest stay as they are. Answers the whole set. */
    saveNotifications: (change: Partial<Notifications>) => t.json<Notifications>('PUT', '/me/notifications', change),
    myX: () => t.json<MyX>('GET', '/me/x'),
    startOAuth: () => t.json<OAuthStart>('POST', '/me/x/oauth'),
    startBio: (username: string) => t.json<BioCode>('POST', '/me/x/bio', { username }),
    checkBio: () => t.json<BioCheck>('POST', '/me/x/bio/check'),
    myVerdicts: (cursor?: string | null) => t.json<MyVerdictPage>('GET', `/me/verdicts${query({ cursor })}`),
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
    history: (chatId: number, cursor?: string | null) => t.json<History>('GET', `/groups/${chatId}/history${query({ cursor })}`),

    raid: (raidId: string) => t.json<Raid>('GET', `/raids/${raidId}`),
    endRaid: (raidId: string) => t.json<RaidEnvelope>('POST', `/raids/${raidId}/end`),
    cancelRaid: (chatId: number, raidId: string) => t.json<RaidEnvelope>('POST', `/groups/${chatId}/raids/${raidId}/cancel`),
    results: (raidId: string) => t.json<RaidResults>('GET', `/raids/${raidId}/results`),
    decide: (raidId: string, userId: number, decision: 'accept' | 'reject') => t.json<Decided>('POST', `/raids/${raidId}/claimants/${userId}/decision`, { decision }),
    /** 404 before validation. */
    reportCsv: (raidId: string) => t.blob(`/raids/${raidId}/report.csv`),
  };
}
