// The owner's bots: each with its status (a revoked token shows as Off, with why), and the generator's entry.
import { Badge, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { EmptyState, Loaded } from '../../components/states';
import { View } from '../../components/view';
import { useRouter } from '../../router/router';
import { t } from '../../texts/t';

export function MyBotsView() {
  const { api } = useServices();
  const { push } = useRouter();
  const b = t().bots;
  const bots = useResource(() => api.myBots(), [api]);
  return (
    <View name="bots">
      <Loaded resource={bots} rows={3}>
        {({ bots: mine }) => (
          <>
            <Section header={b.header}>
              {mine.length === 0 && <EmptyState text={b.empty} testId="bots-empty" />}
              {mine.map((bot) => (
                <Cell
                  key={bot.id}
                  data-testid={`bot-${bot.id}`}
                  data-status={bot.status}
                  onClick={() => push({ view: 'bot', botId: bot.id })}
                  subtitle={`@${bot.username} · ${bot.modules.join(', ')}`}
                  description={bot.status === 'active' ? undefined : bot.statusReason ?? undefined}
                  titleBadge={<Badge type="number" mode={bot.status === 'active' ? 'primary' : 'critical'}>{b.status[bot.status]}</Badge>}
                  after={<Navigation />}
                >
                  {bot.branding.displayName ?? bot.name}
                </Cell>
              ))}
            </Section>
            <Section>
              <Cell data-testid="create-bot" onClick={() => push({ view: 'new-bot' })} after={<Navigation />}>
                {b.create}
              </Cell>
            </Section>
          </>
        )}
      </Loaded>
    </View>
  );
}
