/**
 * The fake providers' data: a few series and issues in the shapes the real APIs document.
 * Response shapes come from:
 *  - Comic Vine: the API documentation (comicvine.gamespot.com/api/documentation) and the
 *    recorded responses in ComicTagger's tests (comictagger/comictagger, testing/comicvine.py:
 *    `cv_issue_result`, `cv_volume_result`, `cv_not_found`).
 *  - Metron: the API documentation (metron.cloud/docs) and Mokkari's schemas
 *    (Metron-Project/mokkari, mokkari/schemas/issue.py, series.py).
 *  - AniList: the GraphQL API v2 documentation (docs.anilist.co, `Page.media`, `Media`).
 */
export interface FakeIssue {
  id: number;
  volumeId: number;
  number: string;
  name: string;
  coverDate: string;
  /** Seed of the cover picture (cover-images.ts). */
  cover: number;
  credits: Array<{ name: string; role: string }>;
  pages?: number;
}

export interface FakeVolume {
  id: number;
  name: string;
  startYear: number;
  publisher: string;
}

export interface FakeManga {
  id: number;
  romaji: string;
  english: string | null;
  startYear: number;
  cover: number;
  staff: Array<{ name: string; role: string }>;
}

export interface Catalogue {
  volumes: FakeVolume[];
  issues: FakeIssue[];
  manga: FakeManga[];
}

export function defaultCatalogue(): Catalogue {
  return {
    volumes: [
      { id: 23437, name: 'Saga', startYear: 2012, publisher: 'Image' },
      { id: 1990, name: 'Saga', startYear: 1990, publisher: 'Old Press' },
      { id: 796, name: 'Batman', startYear: 1940, publisher: 'DC Comics' },
      { id: 42722, name: 'Batman', startYear: 2011, publisher: 'DC Comics' },
      { id: 91273, name: 'Batman', startYear: 2016, publisher: 'DC Comics' },
      { id: 5000, name: 'Paper Girls', startYear: 2015, publisher: 'Image' },
      { id: 5001, name: 'Paper Girls', startYear: 2015, publisher: 'Image Reprints' },
    ],
    issues: [
      {
        id: 140529, volumeId: 23437, number: '1', name: 'Chapter One', coverDate: '2012-03-14', cover: 11,
        credits: [
          { name: 'Brian K. Vaughan', role: 'writer' },
          { name: 'Fiona Staples', role: 'artist, cover' },
          { name: 'Fonografiks', role: 'letterer' },
          { name: 'Eric Stephenson', role: 'editor' },
        ],
      },
      { id: 140530, volumeId: 23437, number: '2', name: 'Chapter Two', coverDate: '2012-04-11', cover: 12, credits: [{ name: 'Brian K. Vaughan', role: 'writer' }] },
      { id: 9001, volumeId: 1990, number: '1', name: 'The Old One', coverDate: '1990-05-01', cover: 13, credits: [] },
      { id: 7001, volumeId: 42722, number: '1', name: 'Knife Trick', coverDate: '2011-11-01', cover: 21, credits: [{ name: 'Scott Snyder', role: 'writer' }] },
      { id: 7002, volumeId: 91273, number: '1', name: 'I Am Gotham', coverDate: '2016-08-01', cover: 22, credits: [{ name: 'Tom King', role: 'writer' }] },
      { id: 8001, volumeId: 5000, number: '3', name: 'Three', coverDate: '2015-12-01', cover: 31, credits: [{ name: 'Brian K. Vaughan', role: 'writer' }] },
      { id: 8002, volumeId: 5001, number: '3', name: 'Three (reprint)', coverDate: '2015-12-01', cover: 32, credits: [] },
    ],
    manga: [
      { id: 30013, romaji: 'One Piece', english: 'One Piece', startYear: 1997, cover: 41, staff: [{ name: 'Eiichiro Oda', role: 'Story & Art' }] },
      { id: 30002, romaji: 'Berserk', english: 'Berserk', startYear: 1989, cover: 42, staff: [{ name: 'Kentarou Miura', role: 'Story & Art' }] },
    ],
  };
}
