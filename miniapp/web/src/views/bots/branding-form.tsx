// The branding inputs with the live raid card preview: the generator's second step and a bot's edit view.
// The preview is the server's renderer (POST /me/bots/preview), the very one the bot posts with.
import { Cell, Checkbox, Input, Section, Textarea } from '@telegram-apps/telegram-ui';
import { useEffect, useState } from 'react';
import { BRAND_TEXTS, type CardPreview } from '../../api/bots-types';
import { ApiError, networkError } from '../../api/errors';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { t } from '../../texts/t';
import { badColors, brandingOf, COLOR_KEYS, type BrandingDraft } from './branding-draft';

/** Telegram HTML as the plain text it shows (DOMParser runs no script; nothing is put in the page as HTML). */
const plain = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';

export function BrandingForm({ draft, onChange, refusal }: { draft: BrandingDraft; onChange: (d: BrandingDraft) => void; refusal?: ApiError | undefined }) {
  const b = t().bots;
  const bad = badColors(draft);
  const refused = refusal?.fieldName?.replace(/^branding\./, '');
  const set = (patch: Partial<BrandingDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <Section header={b.brandingHeader} footer={b.brandingHelp}>
        <Input data-testid="brand-display-name" header={b.displayName} value={draft.displayName} maxLength={64} onChange={(e) => set({ displayName: e.currentTarget.value })} />
        <Input data-testid="brand-logo-url" header={b.logoUrl} type="url" inputMode="url" placeholder="https://" value={draft.logoUrl} status={refused === 'logoUrl' ? 'error' : 'default'} onChange={(e) => set({ logoUrl: e.currentTarget.value })} />
      </Section>
      <Section header={b.colorsHeader} footer={bad.length ? <span className="field-error" role="alert" data-testid="brand-colors-error">{b.colorInvalid}</span> : undefined}>
        {COLOR_KEYS.map((key) => (
          <Input
            key={key}
            data-testid={`brand-${key}`}
            header={b[key]}
            placeholder="#rrggbb"
            value={draft[key]}
            status={bad.includes(key) || refused === `colors.${key}` ? 'error' : 'default'}
            after={/^#[0-9a-fA-F]{6}$/.test(draft[key]) ? <span className="swatch" style={{ background: draft[key] }} /> : undefined}
            onChange={(e) => set({ [key]: e.currentTarget.value })}
          />
        ))}
      </Section>
      <Section header={b.textsHeader}>
        {BRAND_TEXTS.map((key) =>
          key === 'welcome' || key === 'help' ? (
            <Textarea key={key} data-testid={`brand-text-${key}`} header={b.texts[key]} value={draft.texts[key]} status={refused === `texts.${key}` ? 'error' : 'default'} onChange={(e) => set({ texts: { ...draft.texts, [key]: e.currentTarget.value } })} />
          ) : (
            <Input key={key} data-testid={`brand-text-${key}`} header={b.texts[key]} value={draft.texts[key]} status={refused === `texts.${key}` ? 'error' : 'default'} onChange={(e) => set({ texts: { ...draft.texts, [key]: e.currentTarget.value } })} />
          ),
        )}
      </Section>
      <CardPreviewSection draft={draft} />
    </>
  );
}

/** Asks for the card a moment after the last keystroke; a refused branding shows why instead. */
function CardPreviewSection({ draft }: { draft: BrandingDraft }) {
  const { api } = useServices();
  const b = t().bots;
  const [card, setCard] = useState<CardPreview>();
  const [error, setError] = useState<string>();
  const wanted = JSON.stringify(brandingOf(draft));
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.previewCard(JSON.parse(wanted)).then(
        (c) => live && (setCard(c), setError(undefined)),
        (e: unknown) => live && setError(errorText(e instanceof ApiError ? e : networkError(e), t())),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, wanted]);
  return (
    <Section header={b.previewHeader} footer={b.previewHelp}>
      {error && <div className="field-error" role="alert" data-testid="brand-preview-error">{error}</div>}
      {card && (
        <div className="card-preview" data-testid="brand-preview">
          {plain(card.text)}
          {card.buttons.map((row, i) => (
            <div key={i} className="card-buttons">
              {row.map((button) => (
                <div key={button.text} className="card-button">{button.text}</div>
              ))}
            </div>
          ))}
        </div>
      )}
    </Section>
  );
}

export function ModulesForm({ modules, onChange }: { modules: readonly string[]; onChange: (m: string[]) => void }) {
  const b = t().bots;
  return (
    <Section header={b.modulesHeader} footer={modules.length === 0 ? <span className="field-error" role="alert" data-testid="modules-error">{b.modulesMissing}</span> : b.modulesHelp}>
      {(['raids', 'moderation', 'tasks'] as const).map((m) => (
        <ModuleCell key={m} module={m} on={modules.includes(m)} onToggle={(on) => onChange(on ? [...modules, m] : modules.filter((x) => x !== m))} />
      ))}
    </Section>
  );
}

function ModuleCell({ module, on, onToggle }: { module: 'raids' | 'moderation' | 'tasks'; on: boolean; onToggle: (on: boolean) => void }) {
  return (
    <Cell Component="label" data-testid={`module-${module}`} data-checked={on} before={<Checkbox checked={on} onChange={(e) => onToggle(e.currentTarget.checked)} />} multiline>
      {t().bots.modules[module]}
    </Cell>
  );
}
