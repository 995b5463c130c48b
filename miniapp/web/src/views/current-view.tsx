// The view of the route on top of the stack.
import { useRouter } from '../router/router';
import { GroupDashboardView } from './group-dashboard';
import { HomeView } from './home';

export function CurrentView() {
  const { route } = useRouter();
  switch (route.view) {
    case 'home':
      return <HomeView />;
    case 'group':
      return <GroupDashboardView key={route.chatId} chatId={route.chatId} />;
    default:
      return <HomeView />;
  }
}
