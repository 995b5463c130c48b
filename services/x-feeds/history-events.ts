// The events feeds record in history. Ids as strings, as everywhere in the trail.

export type FeedHistoryEvent =
  | { action: 'feed.followed'; subject: 'group'; data: { xUserId: string; username: string; replies: boolean; reposts: boolean; by: string } }
  | { action: 'feed.unfollowed'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  /** A post of a followed account queued for the group (`outboxId`: the message that carries it). */
  | { action: 'feed.forwarded'; subject: 'group'; data: { xUserId: string; postId: string; kind: string; outboxId: string } }
  /** A daily X spending cap stopped the group's feeds until `resumesAt`. */
  | { action: 'feed.capped'; subject: 'group'; data: { scope: 'group' | 'deployment'; capMicros: string; spentMicros: string; resumesAt: string } }
  /** KOL tracking: an admin added or removed an influencer account of the group. */
  | { action: 'feed.kol_added'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  | { action: 'feed.kol_removed'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  /** A post of the group's KOL that mentioned the group's project was recorded (found by KOL search `queryId`). */
  | { action: 'feed.kol_post_recorded'; subject: 'group'; data: { xUserId: string; postId: string; queryId: string } }
  /** The group's weekly KOL ranking was queued (`week`: the ISO week it ranks). */
  | { action: 'feed.kol_digest_queued'; subject: 'group'; data: { week: string; ranked: number; outboxId: string } };
