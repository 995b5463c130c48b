// Automatic entities as Telegram's apps and tdlib find them: links without a scheme, emails, cashtags.
import { describe, expect, it } from 'vitest';
import { detectEntities } from './entities.js';

const found = (text: string) => detectEntities(text).map((e) => [e.type, text.slice(e.offset, e.offset + e.length)]);

describe('detectEntities', () => {
  it('links bare domains with a known TLD, with paths, ports and queries', () => {
    expect(found('join t.me/foo or example.com/x?a=1, see sub.example.co.uk:8080/p.')).toEqual([
      ['url', 't.me/foo'], ['url', 'example.com/x?a=1'], ['url', 'sub.example.co.uk:8080/p'],
    ]);
    expect(found('Airdrop at Example.COM.')).toEqual([['url', 'Example.COM']]);
    expect(found('(scam.xyz)')).toEqual([['url', 'scam.xyz']]);
  });

  it('does not link file names, versions and abbreviations', () => {
    expect(found('node.js index.ts v1.2.3 e.g. i.e. U.S. 3.14 example.comx example.com.evil')).toEqual([]);
  });

  it('keeps http(s) and www links, emails, mentions, commands, hashtags and cashtags apart', () => {
    expect(found('https://a.io/x www.b.com ann@mail.com @warhorn_bot /start #raid $BTC $1INCH $btc')).toEqual([
      ['url', 'https://a.io/x'], ['url', 'www.b.com'], ['email', 'ann@mail.com'], ['mention', '@warhorn_bot'],
      ['bot_command', '/start'], ['hashtag', '#raid'], ['cashtag', '$BTC'], ['cashtag', '$1INCH'],
    ]);
  });

  it('finds nothing inside given text_link, code or pre entities', () => {
    const text = 'click here example.com';
    const link = { type: 'text_link', offset: 0, length: 10, url: 'https://evil.example/' };
    expect(detectEntities(text, [link])).toEqual([link, { type: 'url', offset: 11, length: 11 }]);
    expect(detectEntities('x example.com', [{ type: 'code', offset: 2, length: 11 }])).toEqual([{ type: 'code', offset: 2, length: 11 }]);
  });
});
