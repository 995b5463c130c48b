import { Button, Cell, Section, Textarea } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { APPEAL_MAX_LENGTH, type MyVerdict, type MyVerdictPage } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { LoadMore } from '../components/load-more';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';
import { postLabel } from './launch/card-preview';
import { ActionLines, VerdictBadge } from './results';

export function MyVerdictsView() {
  const { api } = useServices();
  const texts = t();
  const first = useResource(() => api.myVerdicts(), [api]);
  // Later pages accumulate on the first; "load more" asks for the page after the last one shown.
  async function loadMore(page: MyVerdictPage) {
    if (!page.nextCursor) return;
    const next = await api.myVerdicts(page.nextCursor);
    first.set({ items: [...page.items, ...next.items], nextCursor: next.nextCursor });
  }

  return (
    <View name="verdicts">
      <Loaded resource={first} rows={5}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState text={texts.myVerdicts.empty} testId="verdicts-empty" />
          ) : (
            <>
              {page.items.map((v) => (
                <VerdictCard key={v.raidId} verdict={v} onAppealed={(next) => first.set({ ...page, items: page.items.map((x) => (x.raidId === next.raidId ? next : x)) })} />
              ))}
              {page.nextCursor && <LoadMore testId="verdicts-more" load={() => loadMore(page)} />}
            </>
          )
        }
      </Loaded>
    </View>
  );
}

function VerdictCard({ verdict: v, onAppealed }: { verdict: MyVerdict; onAppealed: (v: MyVerdict) => void }) {
  const { api, format } = useServices();
  const texts = t();
  const m = texts.myVerdicts;
  const [writing, setWriting] = useState(false);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const trimmed = reason.trim();
  const reasonOk = trimmed.length >= 1 && trimmed.length <= APPEAL_MAX_LENGTH;

  async function appeal() {
    if (!reasonOk) {
      setError(trimmed.length === 0 ? m.appealReasonMissing : m.appealReasonTooLong(APPEAL_MAX_LENGTH));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      onAppealed(await api.appeal(v.raidId, trimmed));
      setWriting(false);
      haptic.success();
    } catch (e) {
      setError(errorText(e instanceof ApiError ? e : networkError(e), texts));
      haptic.error();
    } finally {
      setSending(false);
    }
  }

  return (
    <Section header={v.groupTitle ?? m.unknownGroup} data-testid={`verdict-${v.raidId}`}>
      <Cell
        multiline
        titleBadge={<VerdictBadge verdict={v.verdict} testId={`verdict-state-${v.raidId}`} />}
        subtitle={m.claimedAs(v.xUsername, format.dateTime(v.claimedAt))}
        after={<span className="nowrap" data-testid={`verdict-points-${v.raidId}`}>{m.points(format.number(v.points))}</span>}
        description={
          <>
            {v.verdict === 'pending' && <div className="hint">{m.pendingNote}</div>}
            {v.verdict === 'cancelled' && <div className="hint">{m.cancelledNote}</div>}
            {v.reasons.length > 0 && (
              <ul className="evidence reasons" data-testid={`verdict-reasons-${v.raidId}`}>
                {v.reasons.map((r) => (
                  <li key={r.rule} data-code={r.rule} data-severity={r.severity}>
                    {r.severity === 'reject' ? '⛔' : '⚠️'} {r.reason}
                  </li>
                ))}
              </ul>
            )}
            <ActionLines actions={v.actions} testIdPrefix={`verdict-action-${v.raidId}`} />
            {v.decidedByAdmin && <div className="hint">{m.decidedByAdmin}</div>}
            {v.appeal.state !== 'none' && (
              <div className="hint" data-testid={`appeal-state-${v.raidId}`} data-state={v.appeal.state}>
                {texts.appealStates[v.appeal.state]}
                {v.appeal.text && <div className="quote">“{v.appeal.text}”</div>}
              </div>
            )}
          </>
        }
      >
        {postLabel(v.postUrl)}
      </Cell>
      {v.appeal.possible && !writing && (
        <div className="actions">
          <Button size="m" mode="bezeled" stretched onClick={() => setWriting(true)} data-testid={`appeal-${v.raidId}`}>
            {m.appeal}
          </Button>
        </div>
      )}
      {writing && (
        <div className="actions">
          <Textarea
            data-testid={`appeal-reason-${v.raidId}`}
            header={m.appealReasonLabel}
            placeholder={m.appealReason}
            maxLength={APPEAL_MAX_LENGTH}
            status={error ? 'error' : 'default'}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(undefined);
            }}
          />
          <div className="hint counter">{m.appealCount(trimmed.length, APPEAL_MAX_LENGTH)}</div>
          <Button size="m" stretched loading={sending} disabled={!reasonOk} onClick={appeal} data-testid={`appeal-send-${v.raidId}`}>
            {m.appealSend}
          </Button>
        </div>
      )}
      {error && (
        <div className="field-error" role="alert" data-testid={`appeal-error-${v.raidId}`}>
          {error}
        </div>
      )}
    </Section>
  );
}
