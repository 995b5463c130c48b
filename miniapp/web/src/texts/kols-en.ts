// The KOL view's words, kept apart from en.ts (long already) and merged into it as `kols`, so views read
// them as t().kols like every other text and a translation supplies them the same way.

const counted = (one: string, many: string) => (count: number, n: string) => `${n} ${count === 1 ? one : many}`;

export const kolsEn = {
  /** The dashboard's entry. */
  open: 'KOLs',
  off: 'KOL tracking needs X, and the operator has not configured X on this deployment.',
  periods: { 7: '7 days', 30: '30 days', 90: '90 days' } as Record<number, string>,
  ranking: 'KOL mentions',
  /** The period's first and last UTC day. */
  period: (from: string, to: string) => `${from} – ${to} (UTC)`,
  empty: 'This group tracks no KOL yet.',
  emptyHelp:
    'An admin adds one in the group with /kols add @handle. Their posts count when they mention the project, so the group needs mention terms too: /mentions add $TOKEN (or a #hashtag, @account or keyword).',
  /** A KOL without a mention in the period: listed after the ranked ones, without a place. */
  unranked: '–',
  mentions: counted('mention', 'mentions'),
  likes: counted('like', 'likes'),
  reposts: counted('repost', 'reposts'),
  replies: counted('reply', 'replies'),
  quotes: counted('quote', 'quotes'),
  impressions: counted('impression', 'impressions'),
  score: (n: string) => `score ${n}`,
  bestPost: 'Best post on X',
  trackedSince: (day: string) => `Tracked since ${day}`,
  chartLabel: (username: string, period: string) => `Mentions and engagement of @${username} per day, ${period}`,
  legendEngagement: 'Engagement (likes, reposts, replies, quotes)',
  legendMentions: 'Mentions',
  /** A bar's or dot's tooltip: the day and what it stands for. */
  dayTitle: (day: string, what: string) => `${day}: ${what}`,
  chartEmpty: 'Nothing in this period yet.',
};
