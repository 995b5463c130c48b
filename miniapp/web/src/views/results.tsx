import { Badge, Button, Cell, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import type { ActionJudgement, Claimant, Verdict } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { CsvButton } from '../components/csv-button';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

const BADGE: Record<Verdict | 'pending', 'primary' | 'critical' | 'secondary' | 'gray'> = { accepted: 'primary', flagged: 'secondary', rejected: 'critical', pending: 'gray' };

export function ResultsView({ raidId }: { raidId: string }) {
  const { api } = useServices();
  const results = useResource(() => api.results(raidId), [api, raidId]);
  const texts = t().results;

  return (
    <View name="results">
      <CsvButton testId="download-report" fileName={`raid-${raidId}.csv`} load={() => api.reportCsv(raidId)} />
      <Loaded resource={results} rows={6}>
        {(d) => (
          <Section header={texts.claimants} footer={d.raid.status !== 'validated' ? texts.pendingNote : undefined}>
            {d.claimants.length === 0 && <EmptyState text={texts.empty} testId="claimants-empty" />}
            {d.claimants.map((c) => (
              <ClaimantRow key={c.userId} raidId={raidId} claimant={c} onDecided={results.reload} />
            ))}
          </Section>
        )}
      </Loaded>
    </View>
  );
}

export function VerdictBadge({ verdict, testId }: { verdict: Verdict | 'pending'; testId?: string }) {
  return (
    <Badge type="number" mode={BADGE[verdict]} data-testid={testId}>
      {t().verdicts[verdict]}
    </Badge>
  );
}

/** Each judged action: its status, the rule's words, and the evidence X showed (reply and quote texts). */
export function ActionLines({ actions }: { actions: ActionJudgement[] }) {
  const texts = t();
  return (
    <ul className="evidence">
      {actions
        .filter((a) => a.requested)
        .map((a) => (
          <li key={a.action} data-testid={`action-${a.action}`}>
            <b>{a.action}</b>: {texts.actionStatus[a.status]} — {a.note}
            {a.evidence.filter((e) => e.text).map((e, i) => (
              <div key={i} className="hint">
                “{e.text}”
              </div>
            ))}
          </li>
        ))}
    </ul>
  );
}

function ClaimantRow({ raidId, claimant: c, onDecided }: { raidId: string; claimant: Claimant; onDecided: () => void }) {
  const { api, format } = useServices();
  const texts = t();
  const [busy, setBusy] = useState<'accept' | 'reject'>();
  const [error, setError] = useState<string>();
  const pending = c.verdict === 'flagged' && !c.decision;

  async function decide(decision: 'accept' | 'reject') {
    setBusy(decision);
    setError(undefined);
    try {
      await api.decide(raidId, c.userId, decision);
      haptic.success();
      onDecided();
    } catch (e) {
      setError(errorText(e instanceof ApiError ? e : networkError(e), texts));
      haptic.error();
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Cell
      data-testid={`claimant-${c.userId}`}
      multiline
      subtitle={`@${c.xUsername} · ${format.dateTime(c.claimedAt)}`}
      titleBadge={<VerdictBadge verdict={c.verdict} testId={`claimant-verdict-${c.userId}`} />}
      after={<span className="nowrap">{texts.results.points(format.number(c.points))}</span>}
      description={
        <>
          {c.reasons.length > 0 && (
            <ul className="evidence" data-testid={`claimant-reasons-${c.userId}`}>
              {c.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
          <ActionLines actions={c.actions} />
          {c.decision && <div className="hint">{texts.results.decided(c.decision.decision === 'accept' ? texts.results.accept : texts.results.reject)}</div>}
          {pending && (
            <div className="actions-row">
              <Button size="s" data-testid={`accept-${c.userId}`} loading={busy === 'accept'} disabled={!!busy} onClick={() => decide('accept')}>
                {texts.results.accept}
              </Button>
              <Button size="s" mode="gray" data-testid={`reject-${c.userId}`} loading={busy === 'reject'} disabled={!!busy} onClick={() => decide('reject')}>
                {texts.results.reject}
              </Button>
            </div>
          )}
          {error && (
            <div className="field-error" role="alert" data-testid={`decision-error-${c.userId}`}>
              {error}
            </div>
          )}
        </>
      }
    >
      {c.name}
    </Cell>
  );
}
