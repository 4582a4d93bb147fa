/**
 * A library of real archives for identification tests: each file's first page is a synthetic
 * cover (PNG) that the fake image host serves as a JPEG for the matching issue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeZip } from '../archives.ts';
import { coverPng } from './cover-images.ts';
import type { FakeProviderServer } from './fake-provider-server.ts';
import { FAKE_API_KEY, FAKE_METRON } from './fake-provider-server.ts';

export interface LibraryFile {
  rel: string;
  cover: number;
  comicInfo?: string;
}

/** Saga #1 (cover of the 2012 issue), Paper Girls #3 (the reprint's cover), Batman #1 (unrelated cover), One Piece (manga). */
export const STANDARD_FILES: LibraryFile[] = [
  { rel: 'Saga/Saga 001 (2012).cbz', cover: 11 },
  { rel: 'Paper Girls/Paper Girls 003.cbz', cover: 32 },
  { rel: 'Batman/Batman 001.cbz', cover: 77 },
  {
    rel: 'One Piece/One Piece c001.cbz',
    cover: 41,
    comicInfo: '<?xml version="1.0"?>\n<ComicInfo><Series>One Piece</Series><Number>1</Number><Manga>Yes</Manga></ComicInfo>',
  },
];

export function writeLibrary(root: string, files: LibraryFile[]): string[] {
  return files.map((file) => {
    const abs = path.join(root, ...file.rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const entries = [
      { name: '001.png', data: coverPng(file.cover) },
      { name: '002.png', data: coverPng(file.cover + 500) },
      ...(file.comicInfo ? [{ name: 'ComicInfo.xml', data: file.comicInfo }] : []),
    ];
    return writeZip(abs, entries);
  });
}

/** The environment that points every provider at the fake server, with credentials. */
export function providerEnv(server: FakeProviderServer): NodeJS.ProcessEnv {
  return {
    LONGBOX_COMICVINE_URL: server.urls.comicvine,
    LONGBOX_METRON_URL: server.urls.metron,
    LONGBOX_ANILIST_URL: server.urls.anilist,
    LONGBOX_COMICVINE_API_KEY: FAKE_API_KEY,
    LONGBOX_METRON_USER: FAKE_METRON.user,
    LONGBOX_METRON_PASSWORD: FAKE_METRON.password,
  };
}
