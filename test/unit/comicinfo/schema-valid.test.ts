/**
 * docs/parsing-rules.md, "What Longbox writes": every ComicInfo.xml Longbox writes is well-formed XML 1.0, and valid against the
 * ComicInfo v2.0 schema whenever the input was. Judged by libxml2 (`xmllint --schema`) over
 * documents generated from every parser vector and over hostile inputs written into real
 * archives by the real operations.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/settings.ts';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { emptyComicInfo, parseComicInfo } from '../../../src-main/core/comicinfo/comicinfo-document.ts';
import { applyPatch, getValues } from '../../../src-main/core/comicinfo/comicinfo-values.ts';
import { serializeComicInfo } from '../../../src-main/core/comicinfo/serialize-comicinfo.ts';
import { planNormalize } from '../../../src-main/core/naming/normalize-plan.ts';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';
import { ctxFor, run, sandbox, valuesAt, type Sandbox } from '../operations/helpers.ts';
import { PARSER_VECTORS } from '../naming/file-name-parser.vectors.ts';
import { XSD_V2, xmlFile, xmllint } from './xmllint.ts';

/** A valid v2.0 document using most of the sequence, with comments between and inside values. */
const FULL_V2 = `<?xml version="1.0" encoding="utf-8"?>
<!-- exported by a tagger -->
<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <Title>Old title</Title>
  <Series>Old</Series>
  <AlternateSeries>Alt</AlternateSeries>
  <Summary>Hello <!-- editor's note --> world &amp; more</Summary>
  <Notes>Tagged &lt;by hand&gt;</Notes>
  <Day>4</Day>
  <Writer>A &amp; B</Writer>
  <!-- credits end -->
  <Publisher>Image</Publisher>
  <Genre>Sci-Fi</Genre>
  <Web>https://example.org/?a=1&amp;b=2</Web>
  <PageCount>2</PageCount>
  <LanguageISO>en</LanguageISO>
  <BlackAndWhite>No</BlackAndWhite>
  <Manga>YesAndRightToLeft</Manga>
  <AgeRating>Teen</AgeRating>
  <Pages>
    <Page Image="0" Type="FrontCover" ImageSize="100"/>
    <Page Image="1" DoublePage="true"/>
  </Pages>
  <CommunityRating>4.5</CommunityRating>
  <Review>Fine</Review>
</ComicInfo>
`;

const COMMENT_IN_VALUE = "<Summary>Hello <!-- editor's note --> world &amp; more</Summary>";

let sb: Sandbox;
let xmlDir: string;
beforeAll(async () => {
  sb = await sandbox();
  xmlDir = path.join(sb.dir, 'xml');
  await fs.mkdir(xmlDir);
});
afterAll(async () => {
  await sb.cleanup();
});

async function archive(relPath: string, comicInfo?: string): Promise<string> {
  const abs = path.join(sb.root, ...relPath.split('/'));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, await buildCbz({ pages: 2, ...(comicInfo === undefined ? {} : { comicInfo }) }));
  return abs;
}

async function writtenXml(abs: string): Promise<string> {
  const xml = (await readArchiveSummary(abs)).comicInfoXml;
  if (xml === null) throw new Error(`${abs} has no ComicInfo.xml`);
  return Buffer.from(xml).toString('utf8');
}

describe('ComicInfo.xml as libxml2 sees it', () => {
  it('the fixtures: the rich input is valid v2.0, and the schema really checks order and types', () => {
    expect(xmllint([xmlFile(xmlDir, 'full', FULL_V2)], XSD_V2)).toMatchObject({ ok: true });
    const swapped = FULL_V2.replace('<Title>Old title</Title>\n  <Series>Old</Series>', '<Series>Old</Series>\n  <Title>Old title</Title>');
    expect(xmllint([xmlFile(xmlDir, 'swapped', swapped)], XSD_V2).ok).toBe(false);
    expect(xmllint([xmlFile(xmlDir, 'bad-int', FULL_V2.replace('<Day>4</Day>', '<Day>four</Day>'))], XSD_V2).ok).toBe(false);
  });

  it('normalize output for every parser vector is valid v2.0, new elements in sequence order', () => {
    const files: string[] = [];
    PARSER_VECTORS.forEach((vector, i) => {
      for (const [kind, doc] of [['empty', emptyComicInfo()], ['full', parseComicInfo(FULL_V2)]] as const) {
        const plan = planNormalize({ fileName: `${vector.name}.cbz`, folderName: null, current: getValues(doc), settings: DEFAULT_SETTINGS });
        const xml = serializeComicInfo(applyPatch(doc, plan.patch));
        if (kind === 'full') expect(xml).toContain(COMMENT_IN_VALUE);
        files.push(xmlFile(xmlDir, `vector-${i}-${kind}`, xml));
      }
    });
    const result = xmllint(files, XSD_V2);
    expect(result.output.split('\n').filter((line) => line.includes('fail') || line.includes('error'))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('control characters in a folder name are dropped from <Series>; the archive stays valid v2.0', async () => {
    const folders = ['Ctl\u0001Char', 'Esc\u001b[31mRed', 'Bell\u0007 and\u000b vtab', 'Non\uffffchar\ufffe', 'Del\u007f ok'];
    for (const [i, folder] of folders.entries()) {
      const abs = await archive(`${folder}/Book 00${i + 1} (2020).cbz`);
      const outcome = await run('normalize', sb, path.relative(sb.root, abs), ctxFor(sb));
      expect(outcome.state, outcome.message).toBe('done');
      const xml = await writtenXml(abs);
      const file = xmlFile(xmlDir, `folder-${i}`, xml);
      expect(xmllint([file], XSD_V2), xml).toMatchObject({ ok: true });
      const expected = folder.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
      expect((await valuesAt(abs))?.Series).toBe(expected);
      // Processing again finds it normalized: the dropped characters are not "missing" each time.
      const again = await run('normalize', sb, path.relative(sb.root, abs), ctxFor(sb));
      expect(again).toMatchObject({ state: 'skipped', actions: ['already normalized'] });
    }
  });

  it('Process keeps a comment inside a value in place and the document valid', async () => {
    const abs = await archive('Saga/Saga 012 (2013).cbz', FULL_V2);
    const outcome = await run('process', sb, 'Saga/Saga 012 (2013).cbz', ctxFor(sb));
    expect(outcome.state, outcome.message).toBe('done');
    const xml = await writtenXml(outcome.newAbsPath ?? abs);
    expect(xml).toContain(COMMENT_IN_VALUE);
    expect(xml).toContain('<!-- credits end -->');
    expect(xml).toContain('<!-- exported by a tagger -->');
    expect(getValues(parseComicInfo(xml))).toMatchObject({ Summary: 'Hello  world & more', Number: '12', Year: '2013' });
    expect(xmllint([xmlFile(xmlDir, 'process-full', xml)], XSD_V2), xml).toMatchObject({ ok: true });
  });

  it('hostile input (character references and raw control characters XML forbids) comes out well-formed', async () => {
    const hostile = '<?xml version="1.0"?>\n<ComicInfo>\n  <Summary>bad&#1;ref</Summary>\n  <Notes>raw\u0001ctl</Notes>\n</ComicInfo>\n';
    const abs = await archive('Hostile/Hostile 001.cbz', hostile);
    const outcome = await run('process', sb, 'Hostile/Hostile 001.cbz', ctxFor(sb));
    expect(outcome.state, outcome.message).toBe('done');
    const xml = await writtenXml(outcome.newAbsPath ?? abs);
    expect(xmllint([xmlFile(xmlDir, 'hostile', xml)], XSD_V2), xml).toMatchObject({ ok: true });
    expect(getValues(parseComicInfo(xml))).toMatchObject({ Summary: 'badref', Notes: 'rawctl' });
  });

  it('edited values with markup characters are escaped and read back exactly', async () => {
    const abs = await archive('Edit/Edit 001.cbz', FULL_V2);
    const summary = 'a ]]> b <c> & "d" \'e\'\r\nline\ttab';
    const outcome = await run('edit', sb, 'Edit/Edit 001.cbz', ctxFor(sb), { patch: { Summary: summary, Year: '2021' } });
    expect(outcome.state, outcome.message).toBe('done');
    const xml = await writtenXml(abs);
    expect(xmllint([xmlFile(xmlDir, 'edit', xml)], XSD_V2), xml).toMatchObject({ ok: true });
    expect(getValues(parseComicInfo(xml)).Summary).toBe(summary);
  });

  it.each([
    ['Year', 'abc'],
    ['Year', ' 2021 '],
    ['Month', '1.5'],
    ['Count', '99999999999'],
    ['Manga', 'yes'],
    ['BlackAndWhite', 'true'],
    ['AgeRating', 'PG-13'],
    ['CommunityRating', '4.555'],
  ] as const)('a %s of %j that the schema refuses is not written (INVALID_INPUT, file unchanged)', async (field, value) => {
    const rel = `Types/${field}.cbz`;
    const abs = await archive(rel, FULL_V2);
    const before = await fs.readFile(abs);
    const outcome = await run('edit', sb, rel, ctxFor(sb), { patch: { [field]: value } });
    expect(outcome).toMatchObject({ state: 'failed', code: 'INVALID_INPUT' });
    expect(outcome.message).toContain(field);
    expect((await fs.readFile(abs)).equals(before)).toBe(true);
  });
});
