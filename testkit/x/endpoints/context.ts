// What every endpoint handler gets: the world, the query, path parameters and who is asking.
import type { PostRecord, World } from '../world.js';

export interface Viewer {
  kind: 'app' | 'user';
  /** The X account behind the call: the token's user, or the app owner's account for app-only calls. */
  userId?: string;
  /** Rate-limit bucket: "app" or "user:<id>". */
  principal: string;
}

export interface Ctx {
  world: World;
  q: URLSearchParams;
  params: Record<string, string>;
  viewer: Viewer;
}

export type Handler = (ctx: Ctx) => unknown;

export type Access = 'ok' | 'missing' | 'protected';

/** Whether the viewer may see this post: it exists now, and its author is not protected (or is them). */
export function access(ctx: Ctx, id: string): { post?: PostRecord; access: Access } {
  const post = ctx.world.visible(id);
  if (!post) return { access: 'missing' };
  const author = ctx.world.users.get(post.authorId)!;
  if (author.protected && ctx.viewer.userId !== author.id) return { access: 'protected' };
  return { post, access: 'ok' };
}

export function newestFirst(a: PostRecord, b: PostRecord): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? 1 : x > y ? -1 : 0;
}
