// The events feeds record in history. Ids as strings, as everywhere in the trail.

export type FeedHistoryEvent =
  | { action: 'feed.followed'; subject: 'group'; data: { xUserId: string; username: string; replies: boolean; reposts: boolean; by: string } }
  | { action: 'feed.unfollowed'; subject: 'group'; data: { xUserId: string; username: string; by: string } }
  /** A post of a followed account queued for the group (`outboxId`: the message that carries it). */
  | { action: 'feed.forwarded'; subject: 'group'; data: { xUserId: string; postId: string; kind: string; outboxId: string } }
  /** A daily X spending cap stopped the group's feeds until `resumesAt`. */
  | { action: 'feed.capped'; subject: 'group'; data: { scope: 'group' | 'deployment'; capMicros: string; spentMicros: string; resumesAt: string } };
