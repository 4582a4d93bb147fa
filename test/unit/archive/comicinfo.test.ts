import { describe, expect, it } from 'vitest';
import { parseComicInfo, emptyComicInfo } from '../../../src-main/core/comicinfo/comicinfo-document.ts';
import { serializeComicInfo } from '../../../src-main/core/comicinfo/serialize-comicinfo.ts';
import { applyPatch, getValues, patchIsNoop, valuesEqual } from '../../../src-main/core/comicinfo/comicinfo-values.ts';

const RICH = `<?xml version="1.0" encoding="utf-8"?>
<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ty="http://www.tachiyomi.org/" xmlns:mh="http://mihon.app/">
  <Series>Old Series</Series>
  <Number>7</Number>
  <Writer>A &amp; B</Writer>
  <ty:PublishingStatusTachiyomi>Ongoing</ty:PublishingStatusTachiyomi>
  <mh:SourceMihon>MangaDex</mh:SourceMihon>
  <Pages>
    <Page Image="0" Type="FrontCover" ImageSize="12345"/>
    <Page Image="1" DoublePage="true"/>
  </Pages>
  <CustomUnknown attr="x">keep me</CustomUnknown>
</ComicInfo>`;

function order(xml: string): string[] {
  return [...xml.matchAll(/^\s*<([A-Za-z:]+)[\s>/]/gm)].map((m) => m[1] as string);
}

describe('ComicInfo round trip', () => {
  it('keeps unknown and namespaced elements, Pages attributes and element order', () => {
    const out = serializeComicInfo(parseComicInfo(RICH));
    expect(out.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
    expect(order(out)).toEqual(order(RICH));
    expect(out).toContain('xmlns:ty="http://www.tachiyomi.org/"');
    expect(out).toContain('xmlns:mh="http://mihon.app/"');
    expect(out).toContain('<Page Image="0" Type="FrontCover" ImageSize="12345"/>');
    expect(out).toContain('<CustomUnknown attr="x">keep me</CustomUnknown>');
    expect(getValues(parseComicInfo(out))).toEqual(getValues(parseComicInfo(RICH)));
    // Serializing twice is stable.
    expect(serializeComicInfo(parseComicInfo(out))).toBe(out);
  });

  it('escapes & < > in text and reads them back', () => {
    const doc = applyPatch(emptyComicInfo(), { Title: 'AT&T <b>' });
    const xml = serializeComicInfo(doc);
    expect(xml).toContain('<Title>AT&amp;T &lt;b&gt;</Title>');
    expect(getValues(parseComicInfo(xml)).Title).toBe('AT&T <b>');
  });

  it('emptyComicInfo has the standard root attributes', () => {
    const xml = serializeComicInfo(emptyComicInfo());
    expect(xml).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    expect(xml).toContain('xmlns:xsd="http://www.w3.org/2001/XMLSchema"');
  });
});

describe('applyPatch', () => {
  it('sets in place, inserts new known fields in XSD order, removes with null', () => {
    const doc = applyPatch(parseComicInfo(RICH), { Title: 'Chapter 7', Number: '7.5', Volume: '2', Writer: null, AgeRating: 'Teen', CommunityRating: '4.5' });
    const xml = serializeComicInfo(doc);
    expect(order(xml)).toEqual([
      'ComicInfo', 'Title', 'Series', 'Number', 'Volume', 'ty:PublishingStatusTachiyomi', 'mh:SourceMihon', 'AgeRating', 'Pages', 'Page', 'Page', 'CommunityRating', 'CustomUnknown',
    ]);
    expect(getValues(doc)).toEqual({ Title: 'Chapter 7', Series: 'Old Series', Number: '7.5', Volume: '2', AgeRating: 'Teen', CommunityRating: '4.5' });
  });

  it('does not modify the input document and detects no-op patches', () => {
    const doc = parseComicInfo(RICH);
    const before = serializeComicInfo(doc);
    applyPatch(doc, { Series: 'New' });
    expect(serializeComicInfo(doc)).toBe(before);
    expect(patchIsNoop(doc, { Series: 'Old Series', Number: '7' })).toBe(true);
    expect(patchIsNoop(doc, { Series: 'New' })).toBe(false);
    expect(valuesEqual({ Title: 'a' }, { Title: 'a' })).toBe(true);
    expect(valuesEqual({ Title: 'a' }, { Title: 'a', Number: '1' })).toBe(false);
  });

  it('inserts into an empty document in XSD order', () => {
    const doc = applyPatch(emptyComicInfo(), { Number: '3', Series: 'S', Title: 'T' });
    expect(order(serializeComicInfo(doc))).toEqual(['ComicInfo', 'Title', 'Series', 'Number']);
  });
});

describe('hostile ComicInfo', () => {
  const code = (input: string | Uint8Array) => {
    try {
      parseComicInfo(input);
      return 'OK';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it('refuses DTDs and entities (billion laughs) without expanding them', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><ComicInfo><Title>&lol2;</Title></ComicInfo>`;
    expect(code(laughs)).toBe('COMICINFO_FORBIDDEN_DTD');
    expect(code('<!DOCTYPE x SYSTEM "file:///etc/passwd"><ComicInfo/>')).toBe('COMICINFO_FORBIDDEN_DTD');
  });

  it('refuses malformed XML and a wrong root', () => {
    expect(code('<ComicInfo><Title>x</ComicInfo>')).toBe('COMICINFO_INVALID_XML');
    expect(code('<Other/>')).toBe('COMICINFO_INVALID_XML');
    expect(code('not xml at all')).toBe('COMICINFO_INVALID_XML');
  });

  it('refuses invalid UTF-8 but decodes BOMs and declared UTF-16', () => {
    expect(code(Buffer.from([...Buffer.from('<ComicInfo><Title>'), 0xff, 0xc3, 0x28, ...Buffer.from('</Title></ComicInfo>')]))).toBe('COMICINFO_BAD_ENCODING');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<ComicInfo><Title>é</Title></ComicInfo>')]);
    expect(getValues(parseComicInfo(bom)).Title).toBe('é');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="utf-16"?><ComicInfo><Title>漫画</Title></ComicInfo>', 'utf16le')]);
    expect(getValues(parseComicInfo(utf16)).Title).toBe('漫画');
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><ComicInfo><Title>caf\xe9</Title></ComicInfo>', 'latin1');
    expect(getValues(parseComicInfo(latin1)).Title).toBe('café');
  });

  it('refuses documents over 1 MiB', () => {
    const big = `<ComicInfo><Summary>${'x'.repeat(10 * 1024 * 1024)}</Summary></ComicInfo>`;
    expect(code(big)).toBe('COMICINFO_TOO_LARGE');
    expect(code(Buffer.from(big))).toBe('COMICINFO_TOO_LARGE');
  });
});
