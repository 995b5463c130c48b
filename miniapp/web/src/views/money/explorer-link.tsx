import { OutLink } from '../../components/out-link';
import { t } from '../../texts/t';

/** A transaction on its chain's explorer, opened outside the app (Telegram's in-app browser when there). */
export function ExplorerLink({ url, testId }: { url: string; testId: string }) {
  return (
    <OutLink url={url} testId={testId}>
      {t().money.explorer}
    </OutLink>
  );
}
