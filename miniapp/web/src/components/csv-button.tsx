import { t } from '../texts/t';
import { ActionButton } from './action-button';
import { saveBlob } from './download';

/** Downloads a CSV the API serves (with the app's auth headers) as a file. */
export function CsvButton({ load, fileName, testId }: { load: () => Promise<Blob>; fileName: string; testId: string }) {
  return <ActionButton testId={testId} label={t().common.downloadCsv} feedback run={async () => saveBlob(await load(), fileName)} />;
}
