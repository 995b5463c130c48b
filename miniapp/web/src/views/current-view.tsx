// The view of the route on top of the stack; keyed by its ids so another group or raid starts fresh.
import { useRouter } from '../router/router';
import { GroupDashboardView } from './group-dashboard';
import { HistoryView } from './history';
import { HomeView } from './home';
import { LaunchRaidView } from './launch/launch-raid';
import { LeaderboardsView } from './leaderboards';
import { LinkXView } from './link-x';
import { MyVerdictsView } from './my-verdicts';
import { NotificationsView } from './notifications';
import { RaidView } from './raid';
import { ResultsView } from './results';
import { SettingsView } from './settings';
import { GroupMoneyView } from './money/group-money';
import { RewardsView } from './money/rewards';
import { FeedsView } from './feeds/feeds';
import { AutoRaidView } from './feeds/auto-raid-view';
import { KolsView } from './kols/kols';
import { MyBotsView } from './bots/my-bots';
import { NewBotView } from './bots/new-bot';
import { BotView } from './bots/bot-view';

export function CurrentView() {
  const { route } = useRouter();
  switch (route.view) {
    case 'home':
      return <HomeView />;
    case 'group':
      return <GroupDashboardView key={route.chatId} chatId={route.chatId} />;
    case 'settings':
      return <SettingsView key={route.chatId} chatId={route.chatId} />;
    case 'launch':
      return <LaunchRaidView key={route.chatId} chatId={route.chatId} />;
    case 'raid':
      return <RaidView key={route.raidId} chatId={route.chatId} raidId={route.raidId} />;
    case 'results':
      return <ResultsView key={route.raidId} raidId={route.raidId} />;
    case 'leaderboards':
      return <LeaderboardsView key={route.chatId} chatId={route.chatId} />;
    case 'history':
      return <HistoryView key={route.chatId} chatId={route.chatId} />;
    case 'verdicts':
      return <MyVerdictsView />;
    case 'link-x':
      return <LinkXView />;
    case 'notifications':
      return <NotificationsView />;
    case 'money':
      return <GroupMoneyView key={route.chatId} chatId={route.chatId} />;
    case 'rewards':
      return <RewardsView />;
    case 'feeds':
      return <FeedsView key={route.chatId} chatId={route.chatId} />;
    case 'auto-raid':
      return <AutoRaidView key={route.chatId} chatId={route.chatId} />;
    case 'kols':
      return <KolsView key={route.chatId} chatId={route.chatId} />;
    case 'bots':
      return <MyBotsView />;
    case 'new-bot':
      return <NewBotView />;
    case 'bot':
      return <BotView key={route.botId} botId={route.botId} />;
  }
}
