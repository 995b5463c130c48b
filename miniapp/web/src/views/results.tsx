import { Badge, Button, Cell, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../api/errors';
import { JUDGED_ACTIONS, type ActionStatus, type Claimant, type Evidence, type RaidResults, type Verdict } from '../api/types';
import { useResource } from '../api/use-resource';
import { useServices } from '../app-context';
import { CsvButton } from '../components/csv-button';
import { errorText } from '../components/error-text';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { haptic } from '../telegram/haptics';
import { t } from '../texts/t';

const BADGE: Record<Verdict | 'pending' | 'cancelled', 'primary' | 'critical' | 'secondary' | 'gray'> = { accepted: 'primary', flagged: 'secondary', rejected: 'critical', pending: 'gray', cancelled: 'gray' };

export function ResultsView({ raidId }: { raidId: string }) {
  const { api, format } = useServices();
  const results = useResource(() => api.results(raidId), [api, raidId]);
  const texts = t().results;

  /** A decision's answer applied at once; the reload that follows brings the rest (rewards, counts). */
  function decided(userId: number, change: Partial<Claimant>) {
    const d = results.data;
    if (d) results.set({ ...d, claimants: d.claimants.map((c) => (c.userId === userId ? { ...c, ...change } : c)) });
    results.reload();
  }

  return (
    <View name="results">
      <Loaded resource={results} rows={6}>
        {(d) => (
          <>
            <Summary results={d} />
            <Section header={texts.claimants}>
              {d.claimants.length === 0 && <EmptyState text={texts.empty} testId="claimants-empty" />}
              {d.claimants.map((c) => (
                <ClaimantRow key={c.userId} raidId={raidId} claimant={c} onDecided={(change) => decided(c.userId, change)} />
              ))}
            </Section>
            {d.status === 'validated' && <CsvButton testId="results-csv" fileName={`raid-${raidId}.csv`} load={() => api.reportCsv(raidId)} />}
            {d.summary && (
              <div className="hint page-note" data-testid="results-validated-at">
                {texts.validatedAt(format.dateTime(d.summary.validatedAt))}
              </div>
            )}
          </>
        )}
      </Loaded>
    </View>
  );
}

function Summary({ results }: { results: RaidResults }) {
  const { format } = useServices();
  const texts = t();
  const s = results.summary;
  if (!s) {
    return (
      <Section>
        <Cell data-testid="results-status" data-status={results.status} multiline subtitle={texts.results.pendingNote}>
          {texts.results.pendingTitle(results.claimants.length, format.number(results.claimants.length))}
        </Cell>
      </Section>
    );
  }
  return (
    <Section>
      <Cell data-testid="results-status" data-status={results.status} multiline subtitle={texts.results.summaryLine(format.number(s.counts.accepted), format.number(s.counts.flagged), format.number(s.counts.rejected))}>
        {texts.results.validatedTitle}
      </Cell>
    </Section>
  );
}

export function VerdictBadge({ verdict, testId }: { verdict: Verdict | 'pending' | 'cancelled'; testId?: string }) {
  return (
    <Badge type="number" mode={BADGE[verdict]} data-testid={testId} data-verdict={verdict}>
      {t().verdicts[verdict]}
    </Badge>
  );
}

export interface ActionLine {
  action: string;
  requested: boolean;
  status: ActionStatus;
  note: string;
  evidence?: Evidence[];
}

/** Each requested action: its status, validation's words, and the evidence X showed (reply and quote texts). */
export function ActionLines({ actions, testIdPrefix }: { actions: ActionLine[]; testIdPrefix: string }) {
  const texts = t();
  const order = (a: ActionLine) => {
    const i = JUDGED_ACTIONS.indexOf(a.action as (typeof JUDGED_ACTIONS)[number]);
    return i < 0 ? JUDGED_ACTIONS.length : i;
  };
  const requested = actions.filter((a) => a.requested).sort((a, b) => order(a) - order(b));
  if (requested.length === 0) return null;
  return (
    <ul className="evidence">
      {requested.map((a) => (
        <li key={a.action} data-testid={`${testIdPrefix}-${a.action}`} data-status={a.status}>
          <b>{texts.judgedActions[a.action as keyof typeof texts.judgedActions] ?? a.action}</b>: {texts.actionStatus[a.status]} · {a.note}
          {(a.evidence ?? [])
            .filter((e) => e.text)
            .map((e, i) => (
              <div key={i} className="quote">
                “{e.text}”
              </div>
            ))}
        </li>
      ))}
    </ul>
  );
}

const actionLinesOf = (c: Claimant): ActionLine[] =>
  c.actions ? JUDGED_ACTIONS.map((a) => ({ action: a, requested: c.actions![a].requested, status: c.actions![a].verdict, note: c.actions![a].note, evidence: c.actions![a].evidence })) : [];

function ClaimantRow({ raidId, claimant: c, onDecided }: { raidId: string; claimant: Claimant; onDecided: (change: Partial<Claimant>) => void }) {
  const { api, format } = useServices();
  const texts = t();
  const r = texts.results;
  const [busy, setBusy] = useState<'accept' | 'reject'>();
  const [error, setError] = useState<string>();

  async function decide(decision: 'accept' | 'reject') {
    setBusy(decision);
    setError(undefined);
    try {
      const answer = await api.decide(raidId, c.userId, decision);
      haptic.success();
      onDecided({ verdict: answer.verdict, points: answer.points, decision: answer.decision, awaitingDecision: false });
    } catch (e) {
      const err = e instanceof ApiError ? e : networkError(e);
      setError(errorText(err, texts));
      haptic.error();
      // already_decided / not_flagged: someone else decided meanwhile; show what stands now.
      if (err.status === 409) onDecided({});
    } finally {
      setBusy(undefined);
    }
  }

  const name = c.name ?? (c.username ? `@${c.username}` : texts.common.unnamed(c.userId));
  return (
    <Cell
      data-testid={`claimant-${c.userId}`}
      multiline
      subtitle={`𝕏 @${c.xUsername} · ${format.dateTime(c.claimedAt)}`}
      titleBadge={<VerdictBadge verdict={c.verdict} testId={`claimant-verdict-${c.userId}`} />}
      after={
        <span className="nowrap after-stack">
          <span data-testid={`claimant-points-${c.userId}`}>{r.points(format.number(c.points))}</span>
          {c.reward && <span className="hint">{format.money(c.reward)}</span>}
        </span>
      }
      description={
        <>
          {c.reasons.length > 0 && (
            <ul className="evidence reasons" data-testid={`claimant-reasons-${c.userId}`}>
              {c.reasons.map((reason) => (
                <li key={reason.code} data-code={reason.code} data-severity={reason.severity}>
                  {reason.severity === 'reject' ? '⛔' : '⚠️'} {reason.message}
                </li>
              ))}
            </ul>
          )}
          <ActionLines actions={actionLinesOf(c)} testIdPrefix={`claimant-action-${c.userId}`} />
          {c.appeal !== 'none' && (
            <div className="hint" data-testid={`claimant-appeal-${c.userId}`}>
              {texts.appealStates[c.appeal]}
            </div>
          )}
          {c.decision && (
            <div className="hint" data-testid={`claimant-decision-${c.userId}`}>
              {r.decided(c.decision.decision === 'accept' ? r.accepted : r.rejected, format.dateTime(c.decision.at))}
            </div>
          )}
          {c.awaitingDecision && (
            <>
              <div className="hint">{r.acceptWorth(format.number(c.computedPoints))}</div>
              <div className="actions-row">
                <Button size="s" data-testid={`accept-${c.userId}`} loading={busy === 'accept'} disabled={!!busy} onClick={() => decide('accept')}>
                  {r.accept}
                </Button>
                <Button size="s" mode="gray" data-testid={`reject-${c.userId}`} loading={busy === 'reject'} disabled={!!busy} onClick={() => decide('reject')}>
                  {r.reject}
                </Button>
              </div>
            </>
          )}
          {error && (
            <div className="field-error inline" role="alert" data-testid={`decision-error-${c.userId}`}>
              {error}
            </div>
          )}
        </>
      }
    >
      {name}
    </Cell>
  );
}
