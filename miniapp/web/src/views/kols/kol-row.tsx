// One KOL of the ranking: its place (a medal for the first three, as /kols has), its handle linking to its X
// profile, the period's figures and score; a tap opens its chart and best post below it.
import { openLink } from '@telegram-apps/sdk-react';
import { Cell } from '@telegram-apps/telegram-ui';
import type { ReactNode } from 'react';
import type { KolChart } from '../../api/types';
import { useServices } from '../../app-context';
import { t } from '../../texts/t';
import { KolChartSvg } from './kol-chart';

const MEDALS = ['🥇', '🥈', '🥉'];

const profileUrl = (username: string) => `https://x.com/${encodeURIComponent(username)}`;
/** The service builds post links itself; anything but https is not made a link all the same. */
const isHttps = (url: string | null): url is string => !!url && /^https:\/\//.test(url);

/** Opened outside the app (Telegram's in-app browser when there); the tap does not reach the row. */
function OutLink({ url, testId, children }: { url: string; testId: string; children: ReactNode }) {
  return (
    <a
      className="explorer-link"
      data-testid={testId}
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(e) => {
        e.stopPropagation();
        if (openLink.isAvailable()) {
          e.preventDefault();
          openLink(url);
        }
      }}
    >
      {children}
    </a>
  );
}

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
