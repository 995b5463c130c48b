import { InputFile } from 'grammy';
import { describe, expect, it } from 'vitest';
import { materialize } from './inline-files.js';

describe('stored report files', () => {
  it('become an upload with their name when sent', () => {
    const out = materialize({ caption: 'report', document: { inline: { filename: 'raid-7.csv', text: 'a,b\r\n1,2\r\n' } } });
    expect(out.caption).toBe('report');
    expect(out.document).toBeInstanceOf(InputFile);
    expect((out.document as InputFile).filename).toBe('raid-7.csv');
  });

  it('leave a file_id or URL alone', () => {
    expect(materialize({ document: 'BQACAgIAAx' })).toEqual({ document: 'BQACAgIAAx' });
  });
});
