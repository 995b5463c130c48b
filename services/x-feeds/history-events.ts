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
  /** A daily X spending cap stopped the group's feeds until `resumesAt`. */
  | { action: 'feed.capped'; subject: 'group'; data: { scope: 'group' | 'deployment'; capMicros: string; spentMicros: string; resumesAt: string } };
