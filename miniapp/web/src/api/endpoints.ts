// One function per route of docs/mini-app-api.md, typed by api/types.ts.
import type { Transport } from './client';
import type {
  AdminGroup,
  BioCheck,
  Board,
  GroupDashboard,
  History,
  LaunchRaid,
  Leaderboard,
  Me,
  MyVerdict,
  MyX,
  Notifications,
  OAuthStart,
  Page,
  Period,
  Raid,
  RaidResults,
  RaidSummary,
  Setting,
  Settings,
  SettingValue,
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
    saveNotifications: (n: Notifications) => t.json<Notifications>('PUT', '/me/notifications', n),
    myX: () => t.json<MyX>('GET', '/me/x'),
    startOAuth: () => t.json<OAuthStart>('POST', '/me/x/oauth'),
    startBio: (username: string) => t.json<MyX>('POST', '/me/x/bio', { username }),
    checkBio: () => t.json<BioCheck>('POST', '/me/x/bio/check'),
    // GUESS: the list's wrapping key.
    myVerdicts: () => t.json<{ verdicts: MyVerdict[] }>('GET', '/me/verdicts'),
    appeal: (raidId: string, reason?: string) => t.json<MyVerdict>('POST', `/me/verdicts/${raidId}/appeal`, reason ? { reason } : {}),

    // GUESS: the list's wrapping key.
    groups: () => t.json<{ groups: AdminGroup[] }>('GET', '/groups'),
    group: (chatId: number) => t.json<GroupDashboard>('GET', `/groups/${chatId}`),
    settings: (chatId: number) => t.json<Settings>('GET', `/groups/${chatId}/settings`),
    // GUESS: the answer is the changed setting; the value is typed as GET returns it.
    changeSetting: (chatId: number, key: string, value: SettingValue) => t.json<Setting>('PATCH', `/groups/${chatId}/settings`, { key, value }),
    raids: (chatId: number, cursor?: string | null) => t.json<Page<RaidSummary>>('GET', `/groups/${chatId}/raids${query({ cursor })}`),
    launchRaid: (chatId: number, body: LaunchRaid) => t.json<Raid>('POST', `/groups/${chatId}/raids`, body),
    leaderboard: (chatId: number, board: Board, period: Period) =>
      t.json<Leaderboard>('GET', `/groups/${chatId}/leaderboards${query({ board, period })}`),
    leaderboardCsv: (chatId: number, board: Board, period: Period) => t.blob(`/groups/${chatId}/leaderboards.csv${query({ board, period })}`),
    history: (chatId: number, cursor?: string | null) => t.json<History>('GET', `/groups/${chatId}/history${query({ cursor })}`),

    raid: (raidId: string) => t.json<Raid>('GET', `/raids/${raidId}`),
    endRaid: (raidId: string) => t.json<Raid>('POST', `/raids/${raidId}/end`),
    results: (raidId: string) => t.json<RaidResults>('GET', `/raids/${raidId}/results`),
    decide: (raidId: string, userId: number, decision: 'accept' | 'reject') =>
      t.json<unknown>('POST', `/raids/${raidId}/claimants/${userId}/decision`, { decision }),
    reportCsv: (raidId: string) => t.blob(`/raids/${raidId}/report.csv`),
  };
}
