import { Badge, Button, Cell, Input, Section, Switch } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../../api/errors';
import type { Follow } from '../../api/feeds-types';
import type { Resource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { EmptyState, Loaded } from '../../components/states';
import { haptic } from '../../telegram/haptics';
import { confirmAction } from '../../telegram/popup';
import { t } from '../../texts/t';

const asApiError = (e: unknown) => (e instanceof ApiError ? e : networkError(e));
/** X's handle rule (the server checks it too): a typo is caught before a request. */
const HANDLE = /^@?[A-Za-z0-9_]{1,15}$/;
const byHandle = (a: Follow, b: Follow) => a.username.toLowerCase().localeCompare(b.username.toLowerCase());

/** The X accounts the group follows, each with its options and schedule, removable; and the form that
 * follows another (following one again changes its options). */
export function FollowsSection({ chatId, follows, toast }: { chatId: number; follows: Resource<{ follows: Follow[] }>; toast: (text: string) => void }) {
  const { api, format } = useServices();
  const texts = t();
  const f = texts.feeds;

  async function unfollow(username: string) {
    if (!(await confirmAction(f.unfollowTitle(username), f.unfollowConfirm, f.unfollow, texts.common.cancel))) return;
    try {
      await api.unfollow(chatId, username);
      haptic.success();
      const now = follows.data?.follows ?? [];
      follows.set({ follows: now.filter((x) => x.username !== username) });
    } catch (e) {
      toast(errorText(asApiError(e), texts));
      haptic.error();
      // A 404: another admin unfollowed it meanwhile; the list says so.
      follows.reload();
    }
  }

  const added = (follow: Follow) => {
    const others = (follows.data?.follows ?? []).filter((x) => x.xUserId !== follow.xUserId);
    follows.set({ follows: [...others, follow].sort(byHandle) });
  };

  return (
    <Section header={f.follows} footer={f.followsFooter}>
      <Loaded resource={follows} rows={2}>
        {({ follows: list }) => (
          <>
            {list.length === 0 && <EmptyState text={f.followsEmpty} testId="follows-empty" />}
            {list.map((x) => (
              <Cell
                key={x.xUserId}
                data-testid={`follow-${x.username.toLowerCase()}`}
                multiline
                titleBadge={
                  <>
                    {x.replies && <Badge type="number" mode="gray" data-testid="badge-replies">{f.replies}</Badge>}
                    {x.reposts && <Badge type="number" mode="gray" data-testid="badge-reposts">{f.reposts}</Badge>}
                  </>
                }
                subtitle={[x.name, f.readEvery(format.minutes(x.intervalMs / 60_000)), x.lastPostAt && f.lastPost(format.dateTime(x.lastPostAt))].filter(Boolean).join(' · ')}
                description={x.unavailable ? <span className="field-error inline">{f.unavailable}</span> : undefined}
                after={
                  <Button size="s" mode="bezeled" data-testid={`unfollow-${x.username.toLowerCase()}`} onClick={() => unfollow(x.username)}>
                    {f.unfollow}
                  </Button>
                }
              >
                @{x.username}
              </Cell>
            ))}
          </>
        )}
      </Loaded>
      <FollowForm chatId={chatId} onFollowed={added} />
    </Section>
  );
}

function FollowForm({ chatId, onFollowed }: { chatId: number; onFollowed: (f: Follow) => void }) {
  const { api } = useServices();
  const texts = t();
  const f = texts.feeds;
  const [handle, setHandle] = useState('');
  const [replies, setReplies] = useState(false);
  const [reposts, setReposts] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const valid = HANDLE.test(handle.trim());

  async function submit() {
    if (sending) return;
    if (!valid) return setError(f.handleInvalid);
    setSending(true);
    setError(undefined);
    try {
      const { follow } = await api.follow(chatId, { handle: handle.trim(), replies, reposts });
      onFollowed(follow);
      setHandle('');
      setReplies(false);
      setReposts(false);
      haptic.success();
    } catch (e) {
      // 400 names body.handle, 404 is "X has no account @…" (said here, not the generic "no longer exists"),
      // 409 the group's limit, 503 X not answering: all said under the form.
      const err = asApiError(e);
      setError(err.status === 404 && err.code === 'not_found' ? err.message : errorText(err, texts));
      haptic.error();
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Input
        header={f.handle}
        data-testid="follow-handle"
        placeholder={f.handlePlaceholder}
        autoCapitalize="off"
        autoCorrect="off"
        value={handle}
        status={error ? 'error' : 'default'}
        onChange={(e) => {
          setHandle(e.currentTarget.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void submit();
        }}
      />
      <Cell Component="label" data-testid="follow-replies" data-checked={replies} after={<Switch checked={replies} onChange={(e) => setReplies(e.currentTarget.checked)} />}>
        {f.withReplies}
      </Cell>
      <Cell Component="label" data-testid="follow-reposts" data-checked={reposts} after={<Switch checked={reposts} onChange={(e) => setReposts(e.currentTarget.checked)} />}>
        {f.withReposts}
      </Cell>
      {error && (
        <div className="field-error" role="alert" data-testid="follow-error">
          {error}
        </div>
      )}
      <div className="actions">
        <Button size="m" stretched data-testid="follow-submit" disabled={!handle.trim()} loading={sending} onClick={submit}>
          {f.follow}
        </Button>
      </div>
    </>
  );
}
