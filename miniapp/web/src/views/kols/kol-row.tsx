// One KOL of the ranking: its place (a medal for the first three, as /kols has), its handle linking to its X
// profile, the period's figures and score; a tap opens its chart and best post below it.
import { Cell } from '@telegram-apps/telegram-ui';
import type { KolChart } from '../../api/types';
import { useServices } from '../../app-context';
import { t } from '../../texts/t';
import { KolChartSvg } from './kol-chart';
import { OutLink } from '../../components/out-link';

const MEDALS = ['🥇', '🥈', '🥉'];

const profileUrl = (username: string) => `https://x.com/${encodeURIComponent(username)}`;
/** The service builds post links itself; anything but https is not made a link all the same. */
const isHttps = (url: string | null): url is string => !!url && /^https:\/\//.test(url);

export function KolRow({ kol, open, onToggle, period }: { kol: KolChart; open: boolean; onToggle: () => void; period: string }) {
  const { format } = useServices();
  const k = t().kols;
  const s = kol.totals;
  const n = format.number;
  const figures = [
    k.mentions(s.mentions, n(s.mentions)),
    k.likes(s.likes, n(s.likes)),
    k.reposts(s.reposts, n(s.reposts)),
    k.replies(s.replies, n(s.replies)),
    k.quotes(s.quotes, n(s.quotes)),
    // Null: X gave no impression counts for these posts; a 0 would claim nobody saw them.
    ...(s.impressions === null ? [] : [k.impressions(s.impressions, n(s.impressions))]),
  ].join(' · ');
  const place = kol.rank === null ? k.unranked : (MEDALS[kol.rank - 1] ?? String(kol.rank));

  return (
    <>
      <Cell
        data-testid={`kol-${kol.username}`}
        data-rank={kol.rank ?? ''}
        aria-expanded={open}
        onClick={onToggle}
        multiline
        before={<span className="rank" data-testid="kol-place">{place}</span>}
        subtitle={kol.name.trim() || undefined}
        description={<span data-testid="kol-figures">{figures}</span>}
        after={<span className="hint nowrap kol-score" data-testid="kol-score">{k.score(n(s.score))}</span>}
      >
        <OutLink url={profileUrl(kol.username)} testId="kol-profile">
          @{kol.username}
        </OutLink>
      </Cell>
      {open && (
        <div className="kol-detail" data-testid={`kol-detail-${kol.username}`}>
          <KolChartSvg kol={kol} period={period} />
          <div className="kol-detail-links">
            {isHttps(s.bestPostUrl) && (
              <OutLink url={s.bestPostUrl} testId="kol-best-post">
                {k.bestPost}
              </OutLink>
            )}
            <span className="hint-inline">{k.trackedSince(format.utcDate(kol.addedAt))}</span>
          </div>
        </div>
      )}
    </>
  );
}
