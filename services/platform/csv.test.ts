import { describe, expect, it } from 'vitest';
import { csvField, guardCell } from './csv.js';

describe('csv fields', () => {
  it('quotes per RFC 4180 and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('guards cells a spreadsheet would evaluate', () => {
    for (const bad of ['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx']) expect(guardCell(bad)).toBe(`'${bad}`);
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(guardCell('fine = ok')).toBe('fine = ok');
  });
});
