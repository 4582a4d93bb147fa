/**
 * SPEC §3.1 as a table. Every row of the original's vector table (original-system.md §2.5) is
 * here, marked `original:` with what the original returned where our result differs because
 * the original was wrong. Names are archive base names (extension already removed).
 * Missing volume / year / count / numberRaw mean "expect null" / "not checked" respectively.
 */
export interface ParserVector {
  name: string;
  series: string | null;
  number: string | null;
  numberRaw?: string;
  volume?: string;
  year?: string;
  count?: string;
  note?: string;
}

export const PARSER_VECTORS: ParserVector[] = [
  // ── the original's table (§2.5), corrected per SPEC where it was buggy ──
  { name: 'Foo ch. 12.5 (2020)', series: 'Foo', number: '12.5', year: '2020' },
  { name: 'Batman - Chapter 5', series: 'Batman', number: '5' },
  { name: 'Manga Ch 71.4', series: 'Manga', number: '71.4' },
  { name: 'Comic Chapter 01', series: 'Comic', number: '1', numberRaw: '01' },
  { name: 'Series - 123', series: 'Series', number: '123' },
  { name: 'Foo_ch_007', series: 'Foo', number: '7', numberRaw: '007' },
  { name: 'Foo-chapter-10', series: 'Foo', number: '10' },
  { name: 'Foo CH.3', series: 'Foo', number: '3' },
  { name: 'Foo Chap 4', series: 'Foo', number: '4' },
  { name: 'Foo chapter12', series: 'Foo', number: '12' },
  { name: 'Foo  Ch  -  9', series: 'Foo', number: '9' },
  { name: 'Foo ch .5', series: 'Foo', number: '5', note: 'rule 2: the separator run eats " ."' },
  { name: 'Foo CHAPTER_0012.5', series: 'Foo', number: '12.5', numberRaw: '0012.5' },
  { name: 'Vol.01 Ch.005', series: null, number: '5', volume: '1' },
  { name: 'Foo Vol.2 Ch.15', series: 'Foo', number: '15', volume: '2' },
  { name: 'Foo v01 c001', series: 'Foo', number: '1', volume: '1', note: 'original: 01 (volume won)' },
  { name: 'Foo v2 012', series: 'Foo', number: '12', volume: '2', note: 'original: 2' },
  { name: 'X-Men 97 014', series: 'X-Men 97', number: '14', note: 'original: 97' },
  { name: '1984 part 2', series: '1984 part', number: '2', note: 'original: 1984; rule 5 takes the last' },
  { name: 'Watch 2 ch 5', series: 'Watch 2', number: '5', note: 'original: 2 (ch inside "Watch")' },
  { name: 'Punch 3 - Ch 10', series: 'Punch 3', number: '10', note: 'original: 3' },
  { name: 'Batch 5 of 10', series: 'Batch', number: '5', count: '10', note: '"of 10" is the count' },
  { name: 'Chainsaw Man 12', series: 'Chainsaw Man', number: '12' },
  { name: 'Foo (2020)', series: 'Foo', number: null, year: '2020', note: 'original: 02' },
  { name: 'Foo [2020]', series: 'Foo', number: null, note: 'original: 02; only (...) gives a year' },
  { name: 'Foo (2019) 12', series: 'Foo', number: '12', year: '2019', note: 'original: 01' },
  { name: 'Foo (12345)', series: 'Foo', number: null, note: 'original: 234; not a year either' },
  { name: 'Foo (Digital) 12 (2019)', series: 'Foo', number: '12', year: '2019' },
  { name: 'Foo 012 (2020) (Digital)', series: 'Foo', number: '12', year: '2020' },
  { name: 'Foo (12)', series: 'Foo', number: null },
  { name: 'Foo (1) [2]', series: 'Foo', number: null },
  { name: 'Foo (1a)', series: 'Foo', number: null },
  { name: 'Foo [12]3', series: 'Foo', number: '3' },
  { name: 'Foo 12(2020)', series: 'Foo', number: '12', year: '2020' },
  { name: 'Foo 1.5.2', series: 'Foo', number: '1.5' },
  { name: 'Foo 3.', series: 'Foo', number: '3' },
  { name: 'Foo 007.50', series: 'Foo', number: '7.5', numberRaw: '007.50' },
  { name: 'Foo Chapter 12,5', series: 'Foo', number: '12.5', numberRaw: '12,5', note: 'original: 12' },
  { name: 'Foo 12a', series: 'Foo', number: '12', note: 'variant letter suffix' },
  { name: 'Foo_12_', series: 'Foo', number: '12' },
  { name: 'Foo.12', series: 'Foo', number: '12' },
  { name: 'Foo #7', series: 'Foo', number: '7' },
  { name: 'Foo ch#7', series: 'Foo', number: '7' },
  { name: 'Foo ch12-13', series: 'Foo', number: '12' },
  { name: 'Foo', series: 'Foo', number: null },

  // ── western comics ──
  { name: 'Saga 054 (2018) (Digital) (Zone-Empire)', series: 'Saga', number: '54', year: '2018' },
  { name: 'Batman #1 (2016)', series: 'Batman', number: '1', year: '2016' },
  { name: 'The Walking Dead #193 (2019)', series: 'The Walking Dead', number: '193', year: '2019' },
  { name: 'Watchmen 03 (of 12) (1986)', series: 'Watchmen', number: '3', count: '12', year: '1986' },
  { name: 'Batman - Year One 002 (of 4)', series: 'Batman - Year One', number: '2', count: '4' },
  { name: 'Spider-Man 2099 001 (1992)', series: 'Spider-Man 2099', number: '1', year: '1992' },
  { name: 'Y - The Last Man v01 (2003)', series: 'Y - The Last Man', number: null, volume: '1', year: '2003' },
  { name: 'Invincible v02 012', series: 'Invincible', number: '12', volume: '2' },
  { name: 'Hellboy - Seed of Destruction 001 (of 004) (1994) (digital)', series: 'Hellboy - Seed of Destruction', number: '1', count: '4', year: '1994' },
  { name: 'Amazing Spider-Man 300.1 (2016)', series: 'Amazing Spider-Man', number: '300.1', year: '2016' },
  { name: 'Action Comics 1000 (2018) (Webrip) (The Last Kryptonian-DCP)', series: 'Action Comics', number: '1000', year: '2018' },
  { name: 'Justice League (2011-) 001', series: 'Justice League', number: '1' },
  { name: 'Captain America v5 #25 (2007)', series: 'Captain America', number: '25', volume: '5', year: '2007' },
  { name: 'Transformers Annual 2012', series: 'Transformers Annual', number: '2012', note: 'a bare year is a number' },
  { name: 'Foo 0', series: 'Foo', number: '0' },
  { name: 'Foo 000', series: 'Foo', number: '0' },
  { name: 'Monstress 3D', series: 'Monstress', number: '3' },

  // ── manga / scanlations ──
  { name: '[Group] One Piece - Chapter 1000 [en]', series: 'One Piece', number: '1000' },
  { name: '[TCBScans] Jujutsu Kaisen ch236 (Digital)', series: 'Jujutsu Kaisen', number: '236' },
  { name: 'Berserk v01 c001-c003', series: 'Berserk', number: '1', volume: '1' },
  { name: 'Berserk Vol.02 Ch.011.5', series: 'Berserk', number: '11.5', volume: '2' },
  { name: 'Vagabond Volume 3 Chapter 24', series: 'Vagabond', number: '24', volume: '3' },
  { name: 'Chainsaw Man Ch. 12-13', series: 'Chainsaw Man', number: '12' },
  { name: 'Chainsaw Man - c097 (v11) [Group]', series: 'Chainsaw Man', number: '97' },
  { name: 'One.Piece.Chapter.1000', series: 'One Piece', number: '1000' },
  { name: 'Kaguya-sama wa Kokurasetai_ch_150', series: 'Kaguya-sama wa Kokurasetai', number: '150' },
  { name: 'Fairy Tail 100 Years Quest 5', series: 'Fairy Tail 100 Years Quest', number: '5' },
  { name: 'Fairy Tail - 100 Years Quest Ch.112', series: 'Fairy Tail - 100 Years Quest', number: '112' },
  { name: '86 - Eighty Six v02', series: '86 - Eighty Six', number: null, volume: '2', note: '86 precedes the volume: series' },
  { name: '86 - Eighty Six v02 c008', series: '86 - Eighty Six', number: '8', volume: '2' },
  { name: '7th Garden 012', series: '7th Garden', number: '12' },
  { name: '20th Century Boys v05', series: '20th Century Boys', number: null, volume: '5' },
  { name: 'Mob Psycho 100 - Episode 12', series: 'Mob Psycho 100', number: '12' },
  { name: 'Mob Psycho 100 Ep.3', series: 'Mob Psycho 100', number: '3' },
  { name: 'Hunter x Hunter 390', series: 'Hunter x Hunter', number: '390' },
  { name: 'Kingdom 700.5 [Oshi]', series: 'Kingdom', number: '700.5' },
  { name: 'Dorohedoro c002 (c2c)', series: 'Dorohedoro', number: '2' },
  { name: 'Blue Period Chapter 12,50', series: 'Blue Period', number: '12.5', numberRaw: '12,50' },
  { name: 'Prep 5', series: 'Prep', number: '5', note: '"ep" inside a word is no keyword' },

  // ── CJK ──
  { name: '进击的巨人 第12话', series: '进击的巨人', number: '12' },
  { name: '进击的巨人第139話', series: '进击的巨人', number: '139' },
  { name: '鬼灭之刃 第3卷', series: '鬼灭之刃', number: null, volume: '3' },
  { name: '鬼灭之刃 第3卷 第20话', series: '鬼灭之刃', number: '20', volume: '3' },
  { name: '三体 第5章', series: '三体', number: '5' },
  { name: 'ワンピース 3巻', series: 'ワンピース', number: null, volume: '3' },
  { name: 'ワンピース 第105巻 第1050話', series: 'ワンピース', number: '1050', volume: '105' },
  { name: 'ワンピース1050', series: 'ワンピース', number: '1050', note: 'CJK runs into digits' },
  { name: '나 혼자만 레벨업 12화', series: '나 혼자만 레벨업', number: '12' },
  { name: '나 혼자만 레벨업 3권', series: '나 혼자만 레벨업', number: null, volume: '3' },
  { name: '원피스 제3권 25화', series: '원피스', number: '25', volume: '3' },
];
