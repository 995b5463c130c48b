// One of my bots: its status, its branding (with the live card) and modules, each saved on its own, and
// removal behind Telegram's confirm popup.
import { Button, Cell, Section } from '@telegram-apps/telegram-ui';
import { useEffect, useState } from 'react';
import { BOT_MODULES, type BotModule, type MyBot } from '../../api/bots-types';
import { ApiError, networkError } from '../../api/errors';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { errorText } from '../../components/error-text';
import { Loaded } from '../../components/states';
import { OutLink } from '../../components/out-link';
import { View } from '../../components/view';
import { useRouter } from '../../router/router';
import { haptic } from '../../telegram/haptics';
import { confirmAction } from '../../telegram/popup';
import { t } from '../../texts/t';
import { BrandingForm, ModulesForm } from './branding-form';
import { badColors, brandingOf, draftOf, type BrandingDraft } from './branding-draft';

export function BotView({ botId }: { botId: string }) {
  const { api } = useServices();
  const bot = useResource(() => api.myBot(botId), [api, botId]);
  return (
    <View name="bot">
      <Loaded resource={bot} rows={6}>
        {({ bot: mine }) => <BotEditor bot={mine} onSaved={(b) => bot.set({ bot: b })} />}
      </Loaded>
    </View>
  );
}

type Saving = 'branding' | 'modules' | 'remove' | undefined;

function BotEditor({ bot, onSaved }: { bot: MyBot; onSaved: (b: MyBot) => void }) {
  const { api } = useServices();
  const { back } = useRouter();
  const texts = t();
  const b = texts.bots;
  const [draft, setDraft] = useState<BrandingDraft>(() => draftOf(bot.branding));
  const [modules, setModules] = useState<string[]>([...bot.modules]);
  const [saving, setSaving] = useState<Saving>();
  const [saved, setSaved] = useState<Saving>();
  const [refusal, setRefusal] = useState<{ what: Saving; error: ApiError }>();
  // A save's echo is the bot as stored: the forms start from it again.
  useEffect(() => setModules([...bot.modules]), [bot.modules]);

  async function run(what: Exclude<Saving, undefined>, action: () => Promise<void>) {
    if (saving) return;
    setSaving(what);
    setSaved(undefined);
    setRefusal(undefined);
    try {
      await action();
      haptic.success();
      setSaved(what);
    } catch (e) {
      setRefusal({ what, error: e instanceof ApiError ? e : networkError(e) });
      haptic.error();
    } finally {
      setSaving(undefined);
    }
  }

  const saveBranding = () => run('branding', async () => onSaved((await api.saveBranding(bot.id, brandingOf(draft))).bot));
  const chosen = BOT_MODULES.filter((m) => modules.includes(m)) as BotModule[];
  const saveModules = () => run('modules', async () => onSaved((await api.saveModules(bot.id, chosen)).bot));
  const remove = async () => {
    if (!(await confirmAction(b.removeTitle, b.removeMessage, b.removeConfirm, b.cancel))) return;
    await run('remove', async () => {
      await api.removeBot(bot.id);
      back();
    });
  };
  const failure = (what: Saving) =>
    refusal && refusal.what === what ? (
      <div className="field-error" role="alert" data-testid={`bot-${what}-error`}>
        {errorText(refusal.error, texts)}
      </div>
    ) : null;
  const done = (what: Saving) => (saved === what ? <span className="saved" data-testid={`bot-${what}-saved`}>{b.saved}</span> : null);

  return (
    <>
      <Section header={`@${bot.username}`}>
        <Cell data-testid="bot-status" data-status={bot.status} multiline description={bot.status === 'active' ? undefined : bot.statusReason ?? undefined}>
          {b.status[bot.status]}
        </Cell>
        <Cell after={<OutLink url={bot.link} testId="bot-link">{b.openInTelegram}</OutLink>}>{bot.branding.displayName ?? bot.name}</Cell>
      </Section>
      <BrandingForm draft={draft} onChange={setDraft} refusal={refusal?.what === 'branding' ? refusal.error : undefined} />
      <div className="actions">
        <Button size="l" stretched data-testid="bot-save-branding" disabled={badColors(draft).length > 0} loading={saving === 'branding'} onClick={saveBranding}>
          {b.save}
        </Button>
        {done('branding')}
        {failure('branding')}
      </div>
      <ModulesForm modules={modules} onChange={setModules} />
      <div className="actions">
        <Button size="l" stretched data-testid="bot-save-modules" disabled={modules.length === 0} loading={saving === 'modules'} onClick={saveModules}>
          {b.save}
        </Button>
        {done('modules')}
        {failure('modules')}
      </div>
      <div className="actions">
        <Button size="l" stretched mode="bezeled" className="destructive" data-testid="bot-remove" loading={saving === 'remove'} onClick={remove}>
          {b.remove}
        </Button>
        {failure('remove')}
      </div>
    </>
  );
}
