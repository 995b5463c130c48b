import { Button, Chip, Input, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { ApiError, networkError } from '../../api/errors';
import type { MentionTerm } from '../../api/feeds-types';
import type { Resource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { EmptyState, Loaded } from '../../components/states';
import { haptic } from '../../telegram/haptics';
import { confirmAction } from '../../telegram/popup';
import { t } from '../../texts/t';

const asApiError = (e: unknown) => (e instanceof ApiError ? e : networkError(e));

/** The group's mention terms as chips, each removable, and the field that adds one. What a term may be is
 * the server's rule: its refusal (400 bad_term) is a sentence for the admin, shown under the field as is. */
export function MentionsSection({ chatId, mentions, toast }: { chatId: number; mentions: Resource<{ terms: MentionTerm[] }>; toast: (text: string) => void }) {
  const { api } = useServices();
  const texts = t();
  const f = texts.feeds;
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const terms = mentions.data?.terms ?? [];

  async function add() {
    if (sending || !draft.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      const { term } = await api.addMention(chatId, draft.trim());
      mentions.set({ terms: [...terms.filter((x) => x.term !== term.term), term] });
      setDraft('');
      haptic.success();
    } catch (e) {
      setError(errorText(asApiError(e), texts));
      haptic.error();
    } finally {
      setSending(false);
    }
  }

  async function remove(term: MentionTerm) {
    if (!(await confirmAction(f.removeTermTitle(term.label), f.removeTermConfirm, f.remove, texts.common.cancel))) return;
    try {
      await api.removeMention(chatId, term.term);
      mentions.set({ terms: terms.filter((x) => x.term !== term.term) });
      haptic.success();
    } catch (e) {
      toast(errorText(asApiError(e), texts));
      haptic.error();
      mentions.reload();
    }
  }

  return (
    <Section header={f.mentions} footer={f.mentionsFooter}>
      <Loaded resource={mentions} rows={1}>
        {({ terms: list }) =>
          list.length === 0 ? (
            <EmptyState text={f.mentionsEmpty} testId="mentions-empty" />
          ) : (
            <div className="chips" data-testid="mention-terms">
              {list.map((x) => (
                <Chip
                  key={x.term}
                  mode="outline"
                  data-testid="mention-term"
                  data-term={x.term}
                  after={
                    <button type="button" className="chip-remove" aria-label={f.removeTerm(x.label)} data-testid="remove-term" onClick={() => remove(x)}>
                      ✕
                    </button>
                  }
                >
                  {x.label}
                </Chip>
              ))}
            </div>
          )
        }
      </Loaded>
      <Input
        header={f.term}
        data-testid="mention-input"
        placeholder={f.termPlaceholder}
        autoCapitalize="off"
        autoCorrect="off"
        value={draft}
        status={error ? 'error' : 'default'}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void add();
        }}
        after={
          <Button size="s" data-testid="mention-add" disabled={!draft.trim()} loading={sending} onClick={add}>
            {f.addTerm}
          </Button>
        }
      />
      {error && (
        <div className="field-error" role="alert" data-testid="mention-error">
          {error}
        </div>
      )}
    </Section>
  );
}
