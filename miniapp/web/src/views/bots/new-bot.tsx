// The generator: token, branding (with the live card), modules, confirm; the server checks the token with
// Telegram, stores it encrypted and connects the bot, and the app replaces itself with the new bot's view.
import { Button, Input, Section } from '@telegram-apps/telegram-ui';
import { useState } from 'react';
import { BOT_MODULES, type BotModule } from '../../api/bots-types';
import { ApiError, networkError } from '../../api/errors';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { View } from '../../components/view';
import { useRouter } from '../../router/router';
import { haptic } from '../../telegram/haptics';
import { useMainButton } from '../../telegram/main-button';
import { t } from '../../texts/t';
import { BrandingForm, ModulesForm } from './branding-form';
import { badColors, brandingOf, draftOf, looksLikeToken, type BrandingDraft } from './branding-draft';

const STEPS = 4;

export function NewBotView() {
  const { api } = useServices();
  const { replace } = useRouter();
  const texts = t();
  const b = texts.bots;
  const [step, setStep] = useState(0);
  const [token, setToken] = useState('');
  const [draft, setDraft] = useState<BrandingDraft>(() => draftOf(undefined));
  const [modules, setModules] = useState<string[]>(['raids']);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ApiError>();

  const stepOk = [looksLikeToken(token), badColors(draft).length === 0, modules.length > 0, true][step]!;
  const chosen = BOT_MODULES.filter((m) => modules.includes(m)) as BotModule[];

  async function submit() {
    if (sending) return;
    setSending(true);
    setRefusal(undefined);
    try {
      const { bot } = await api.registerBot({ token: token.trim(), modules: chosen, branding: brandingOf(draft) });
      haptic.success();
      replace({ view: 'bot', botId: bot.id });
    } catch (e) {
      const error = e instanceof ApiError ? e : networkError(e);
      setRefusal(error);
      haptic.error();
      setSending(false);
      // The field the server named decides the step to go back to.
      const field = error.fieldName ?? '';
      if (field === 'token' || error.code === 'not_a_bot_token') setStep(0);
      else if (field.startsWith('branding')) setStep(1);
      else if (field.startsWith('modules')) setStep(2);
    }
  }

  const next = () => {
    if (!stepOk) return;
    if (step < STEPS - 1) {
      setStep(step + 1);
      window.scrollTo(0, 0);
    } else void submit();
  };
  const { native } = useMainButton({ text: step === STEPS - 1 ? b.submit : b.next, enabled: stepOk, loading: sending, onClick: next });
  const refusalText = refusal && errorText(refusal, texts);

  return (
    <View name="new-bot">
      <Section header={b.stepOf(step + 1, STEPS, b.steps[step]!)} data-testid={`new-bot-step-${step + 1}`}>
        {step === 0 && (
          <Input
            data-testid="new-bot-token"
            header={b.tokenHeader}
            placeholder={b.tokenPlaceholder}
            autoCapitalize="off"
            autoCorrect="off"
            autoComplete="off"
            spellCheck={false}
            value={token}
            status={token && !looksLikeToken(token) ? 'error' : 'default'}
            onChange={(e) => {
              setToken(e.currentTarget.value);
              setRefusal(undefined);
            }}
          />
        )}
      </Section>
      {step === 0 && <div className="hint setting-footer">{token && !looksLikeToken(token) ? b.tokenInvalid : b.tokenHelp}</div>}
      {step === 1 && <BrandingForm draft={draft} onChange={setDraft} refusal={refusal} />}
      {step === 2 && <ModulesForm modules={modules} onChange={setModules} />}
      {step === 3 && (
        <Section header={b.confirmHeader}>
          <div className="setting-footer" data-testid="new-bot-summary">
            {b.confirmLine(draft.displayName.trim() || b.yourBot, chosen.map((m) => b.moduleNames[m]).join(', '))}
          </div>
        </Section>
      )}
      {refusalText && (
        <div className="field-error" role="alert" data-testid="new-bot-error">
          {refusalText}
        </div>
      )}
      <div className="actions">
        {step > 0 && (
          <Button size="l" mode="bezeled" data-testid="new-bot-back" disabled={sending} onClick={() => setStep(step - 1)}>
            {b.back}
          </Button>
        )}
        {!native && (
          <Button size="l" stretched data-testid="new-bot-next" disabled={!stepOk} loading={sending} onClick={next}>
            {step === STEPS - 1 ? b.submit : b.next}
          </Button>
        )}
      </div>
    </View>
  );
}
