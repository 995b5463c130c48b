import { Badge, Cell, Navigation, Section } from '@telegram-apps/telegram-ui';
import { useServices } from '../app-context';
import { useResource } from '../api/use-resource';
import { EmptyState, Loaded } from '../components/states';
import { View } from '../components/view';
import { useRouter } from '../router/router';
import { t } from '../texts/t';
import { useBrand } from '../brand/brand-context';
import { BrandHeader } from '../brand/brand-header';

export function HomeView() {
  const { api, format } = useServices();
  const { push } = useRouter();
  const texts = t().home;
  const brand = useBrand();
  // One resource for both: the view is only whole with both, and a retry should redo both.
  const data = useResource(() => Promise.all([api.groups(), api.me()]), [api]);

  return (
    <View name="home">
      {brand && !brand.main && <BrandHeader />}
      <Loaded resource={data} rows={5}>
        {([{ groups }, me]) => (
          <>
            <Section header={texts.adminGroups}>
              {groups.length === 0 && <EmptyState text={texts.adminGroupsEmpty} testId="admin-groups-empty" />}
              {groups.map((g) => (
                <Cell
                  key={g.chatId}
                  data-testid={`group-${g.chatId}`}
                  onClick={() => push({ view: 'group', chatId: g.chatId })}
                  titleBadge={g.activeRaid ? <Badge type="number" mode="critical">{texts.liveRaid}</Badge> : undefined}
                  after={<Navigation />}
                >
                  {g.title}
                </Cell>
              ))}
            </Section>
            <Section header={texts.memberGroups}>
              {me.groups.length === 0 && <EmptyState text={texts.memberGroupsEmpty} testId="member-groups-empty" />}
              {me.groups.map((g) => (
                // The group's dashboard: what a member may open there (its KOLs), all of it for an admin.
                <Cell
                  key={g.chatId}
                  data-testid={`my-points-${g.chatId}`}
                  onClick={() => push({ view: 'group', chatId: g.chatId })}
                  subtitle={texts.pointsLine(format.number(g.points.week), format.number(g.points.all))}
                  after={<Navigation />}
                >
                  {g.title}
                </Cell>
              ))}
            </Section>
            <Section header={texts.me}>
              <Cell data-testid="open-verdicts" onClick={() => push({ view: 'verdicts' })} after={<Navigation />}>
                {texts.myVerdicts}
              </Cell>
              <Cell data-testid="open-link-x" onClick={() => push({ view: 'link-x' })} after={<Navigation>{me.x ? texts.linkedAs(me.x.username) : texts.notLinked}</Navigation>}>
                {texts.linkX}
              </Cell>
              <Cell data-testid="open-rewards" onClick={() => push({ view: 'rewards' })} after={<Navigation />}>
                {texts.rewards}
              </Cell>
              <Cell data-testid="open-notifications" onClick={() => push({ view: 'notifications' })} after={<Navigation />}>
                {texts.notifications}
              </Cell>
              {/* Bots of one's own are made from the platform's bot; a client's members have no use for it. */}
              {(!brand || brand.main) && (
                <Cell data-testid="open-bots" onClick={() => push({ view: 'bots' })} after={<Navigation />}>
                  {t().bots.open}
                </Cell>
              )}
            </Section>
          </>
        )}
      </Loaded>
    </View>
  );
}
