// Saves a Blob the API sent (a CSV) as a file: fetched with the auth headers, so a plain link cannot do it.
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the URL to the download by now; revoke on the next turn, not before.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
