// The events feeds record in history. Ids as strings, as everywhere in the trail.

export type FeedHistoryEvent =
  | { action: 'feed.followed'; subject: 'group'; data: { xUserId: string; username: string; replies: boolean; reposts: boolean; by: string } }
  | { action: 'feed.unfollowed'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  /** A post of a followed account queued for the group (`outboxId`: the message that carries it). */
  | { action: 'feed.forwarded'; subject: 'group'; data: { xUserId: string; postId: string; kind: string; outboxId: string } }
  | { action: 'feed.auto_raid_enabled'; subject: 'group'; data: { xUserId: string; username: string; replies: boolean; onNewer: 'wait' | 'replace'; targets: { replies: number; reposts: number; likes: number; quotes: number; bookmarks: number }; durationMinutes: number; lock: boolean } }
  | { action: 'feed.auto_raid_disabled'; subject: 'group'; data: { xUserId: string } }
  /** A new post of the group's account queued for its raid (by the poll that read it). */
  | { action: 'feed.auto_raid_queued'; subject: 'group'; data: { xUserId: string; postId: string } }
  | { action: 'feed.auto_raid_launched'; subject: 'group'; data: { postId: string; raidId: string } }
  | { action: 'feed.mention_term_added' | 'feed.mention_term_removed'; subject: 'group'; data: { term: string } }
  /** A post matching the group's terms relayed into it. */
  | { action: 'feed.mention_relayed'; subject: 'group'; data: { postId: string; terms: string[]; outboxId: string } }
  /** The rate cap held posts back in a window: they were counted and summarised, not dropped silently. */
  | { action: 'feed.mentions_summarised'; subject: 'group'; data: { count: number; windowStart: string; windowEnd: string } }
  /** A daily X spending cap stopped the group's feeds until `resumesAt`. */
  | { action: 'feed.capped'; subject: 'group'; data: { scope: 'group' | 'deployment'; capMicros: string; spentMicros: string; resumesAt: string } }
  /** KOL tracking: an admin added or removed an influencer account of the group. */
  | { action: 'feed.kol_added'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  | { action: 'feed.kol_removed'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  /** A post of the group's KOL that mentioned the group's project was recorded (found by KOL search `queryId`). */
  | { action: 'feed.kol_post_recorded'; subject: 'group'; data: { xUserId: string; postId: string; queryId: string } }
  /** The group's weekly KOL ranking was queued (`week`: the ISO week it ranks). */
  | { action: 'feed.kol_digest_queued'; subject: 'group'; data: { week: string; ranked: number; outboxId: string } };
