// A group's X feeds for its admins: the accounts it follows, the mention terms it relays and its
// auto-raid, each changed as /follow, /mentions and /autoraid change them (the same service behind).
import type { ApiError } from '../../api/errors';
import { useResource } from '../../api/use-resource';
import { useServices } from '../../app-context';
import { EmptyState } from '../../components/states';
import { useToast } from '../../components/toast';
import { View } from '../../components/view';
import { t } from '../../texts/t';
import { AutoRaidSection } from './auto-raid-section';
import { FollowsSection } from './follows-section';
import { MentionsSection } from './mentions-section';

/** The deployment has no X: every feeds route answers 503 feeds_off. */
const feedsOff = (e: ApiError | undefined) => e?.code === 'feeds_off';

export function FeedsView({ chatId }: { chatId: number }) {
  const { api } = useServices();
  const follows = useResource(() => api.follows(chatId), [api, chatId]);
  const mentions = useResource(() => api.mentions(chatId), [api, chatId]);
  const autoRaid = useResource(() => api.autoRaid(chatId), [api, chatId]);
  const { toast, show } = useToast();

  if (feedsOff(follows.error)) {
    return (
      <View name="feeds">
        <EmptyState text={t().feeds.off} testId="feeds-off" />
      </View>
    );
  }
  return (
    <View name="feeds">
      <FollowsSection chatId={chatId} follows={follows} toast={show} />
      <MentionsSection chatId={chatId} mentions={mentions} toast={show} />
      <AutoRaidSection chatId={chatId} autoRaid={autoRaid} toast={show} />
      {toast}
    </View>
  );
}
