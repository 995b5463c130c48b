import { Button, Cell, Section, Textarea } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { MyVerdict } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';
import { ActionLines, VerdictBadge } from './results';

export function MyVerdictsView() {
  const { api } = useServices();
  const verdicts = useResource(() => api.myVerdicts(), [api]);

  return (
    <View name="verdicts">
      <Loaded resource={verdicts} rows={5}>
        {({ verdicts: all }) =>
          all.length === 0 ? (
            <EmptyState text={t().myVerdicts.empty} testId="verdicts-empty" />
          ) : (
            all.map((v) => (
              <VerdictCard
                key={v.raidId}
                verdict={v}
                onAppealed={(next) => verdicts.set({ verdicts: all.map((x) => (x.raidId === next.raidId ? next : x)) })}
              />
            ))
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

  async function appeal() {
    setSending(true);
    setError(undefined);
    try {
      onAppealed(await api.appeal(v.raidId, reason.trim() || undefined));
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
    <Section header={v.groupTitle} data-testid={`verdict-${v.raidId}`}>
      <Cell
        multiline
        titleBadge={<VerdictBadge verdict={v.verdict} testId={`verdict-state-${v.raidId}`} />}
        subtitle={v.decidedAt ? format.dateTime(v.decidedAt) : undefined}
        after={<span className="nowrap">{m.points(format.number(v.points))}</span>}
        description={
          <>
            {v.reasons.length > 0 && (
              <ul className="evidence">
                {v.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            <ActionLines actions={v.actions} />
            {v.appeal.state !== 'none' && (
              <div className="hint" data-testid={`appeal-state-${v.raidId}`}>
                {m.appealStates[v.appeal.state]}
              </div>
            )}
          </>
        }
      >
        {v.postUrl.replace(/^https?:\/\/(www\.)?/, '')}
      </Cell>
      {v.appeal.allowed && !writing && (
        <div className="actions">
          <Button size="m" mode="bezeled" stretched onClick={() => setWriting(true)} data-testid={`appeal-${v.raidId}`}>
            {m.appeal}
          </Button>
        </div>
      )}
      {writing && (
        <div className="actions">
          <Textarea data-testid={`appeal-reason-${v.raidId}`} placeholder={m.appealReason} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="m" stretched loading={sending} onClick={appeal} data-testid={`appeal-send-${v.raidId}`}>
            {m.appeal}
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
