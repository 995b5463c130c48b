// CSV files for admins (validation's raid report, the leaderboards' points file). RFC 4180 (CRLF, fields
// with comma, quote or line break quoted, quotes doubled) so spreadsheets read them as written. Cells that a
// spreadsheet would run as a formula (= + - @, and tab/CR which some apps strip first) get a leading
// apostrophe: reports quote member-written text, and an X reply can start with "=HYPERLINK(".

/** Neutralises formula injection: the cell is shown as text, never evaluated. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field, guarded against formulas. */
export function csvField(value: string): string {
  const v = guardCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(',');
}

/** A whole file: the header, then the rows, each line ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}
