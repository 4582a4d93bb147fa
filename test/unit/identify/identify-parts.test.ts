/**
 * The parts of identification on their own, on real data: perceptual hashes of real PNG and
 * JPEG encodings, the persisted request budget in a real SQLite file (reopened, as after a
 * restart), source IDs as ComicTagger writes them, the ComicInfo mapping and merge policy, and
 * the credential file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open-database.ts';
import { identifyPatch } from '../../../src-main/core/identify/comicinfo-mapping.ts';
import { CredentialStore } from '../../../src-main/core/identify/credential-store.ts';
import { nameSimilarity } from '../../../src-main/core/identify/name-similarity.ts';
import { hashSimilarity } from '../../../src-main/core/identify/hash-similarity.ts';
import { perceptualHash } from '../../../src-main/core/identify/perceptual-hash.ts';
import type { IssueDetails, Provider } from '../../../src-main/core/identify/provider-types.ts';
import { RequestBudget } from '../../../src-main/core/identify/request-budget.ts';
import { decide, scoreHit } from '../../../src-main/core/identify/score-candidates.ts';
import { findSourceId } from '../../../src-main/core/identify/source-id.ts';
import type { SecretCipher } from '../../../src-main/core/ports.ts';
import { tempDir } from '../../helpers/core-harness.ts';
import { coverJpeg, coverPng } from '../../helpers/fake-providers/cover-images.ts';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('identify-parts');
});
afterEach(() => dir.remove());

describe('perceptual hash', () => {
  it('finds the same picture across PNG/JPEG and sizes, and tells different pictures apart', () => {
    const page = perceptualHash(coverPng(11, 600, 900))!;
    const sameCover = perceptualHash(coverJpeg(11, 160, 240))!;
    expect(hashSimilarity(page, sameCover)).toBeGreaterThanOrEqual(0.9);
    for (const other of [12, 13, 21, 32]) expect(hashSimilarity(page, perceptualHash(coverJpeg(other))!)).toBeLessThan(0.8);
  });

  it('gives null for bytes that are not an image it can decode', () => {
    expect(perceptualHash(Buffer.from('GIF89a not supported'))).toBeNull();
    expect(perceptualHash(coverPng(1).subarray(0, 60))).toBeNull();
  });
});

describe('scoring', () => {
  const facts = { values: {}, series: 'The Amazing Spider-Man', number: '1', year: 2018, publisher: null, pageCount: 0, coverHash: null, manga: false };
  const hit = { issueId: '1', series: 'Amazing Spider-Man', number: '001', year: 2018, startYear: 2018, publisher: 'Marvel', coverUrl: null, pageUrl: null, pageCount: null };

  it('ignores a leading "The", punctuation and padded numbers', () => {
    expect(nameSimilarity('The Amazing Spider-Man', 'Amazing Spider Man (2018)')).toBe(1);
    expect(scoreHit(facts, hit, null)!.score).toBe(1);
  });

  it('rejects a candidate more than a year off, and halves one a year off', () => {
    expect(scoreHit(facts, { ...hit, year: 2015 }, null)).toBeNull();
    expect(scoreHit(facts, { ...hit, year: 2019 }, null)!.signals.year).toBe(0.5);
  });

  it('applies only a winner above the threshold with a clear lead', () => {
    const c = (score: number) => ({ provider: 'comicvine' as const, issueId: String(score), series: '', number: null, year: null, startYear: null, publisher: null, coverUrl: null, pageUrl: null, score, signals: { name: 1, number: null, year: null, pages: null, cover: null } });
    expect(decide([c(0.95), c(0.7)], 0.8).winner?.score).toBe(0.95);
    expect(decide([c(0.95), c(0.93)], 0.8).winner).toBeNull();
    expect(decide([c(0.79)], 0.8).winner).toBeNull();
  });
});

describe('source ID', () => {
  const cv = { name: 'comicvine', issueIdFromUrl: (u: string) => /\/4000-(\d+)\/?$/u.exec(u)?.[1] ?? null } as unknown as Provider;

  it('reads ComicTagger notes and Comic Vine URLs', () => {
    expect(findSourceId({ Notes: 'Tagged with ComicTagger 1.6.0 using info from Comic Vine on 2024-01-01 12:00:00.  [Issue ID 140529]' }, [cv])).toEqual({
      provider: 'comicvine',
      issueId: '140529',
    });
    expect(findSourceId({ Web: 'https://comicvine.gamespot.com/saga-1/4000-777/' }, [cv])).toEqual({ provider: 'comicvine', issueId: '777' });
    expect(findSourceId({ Notes: 'Identified by Longbox using info from Metron [Issue ID 42]' }, [cv])).toEqual({ provider: 'metron', issueId: '42' });
    expect(findSourceId({ Notes: 'scanned by someone' }, [cv])).toBeNull();
  });
});

describe('ComicInfo mapping', () => {
  const issue: IssueDetails = {
    provider: 'comicvine', issueId: '5', series: 'Saga', number: '1', year: 2012, startYear: 2012, publisher: 'Image', coverUrl: null,
    pageUrl: 'https://example.test/4000-5/', pageCount: null, title: 'One', month: 3, day: null, summary: null, credits: { Writer: ['A', 'B'] },
  };

  it('fills empty fields only by default, always stores the source ID, and keeps other notes', () => {
    const patch = identifyPatch({ Series: 'Saga (my spelling)', Notes: 'my note' }, issue, 'Comic Vine', 'fill-empty');
    expect(patch.Series).toBeUndefined();
    expect(patch).toMatchObject({ Number: '1', Volume: '2012', Year: '2012', Month: '3', Writer: 'A, B', Web: 'https://example.test/4000-5/' });
    expect(patch.Notes).toBe('my note\nIdentified by Longbox using info from Comic Vine [Issue ID 5]');
    expect(identifyPatch({ Series: 'Other' }, issue, 'Comic Vine', 'overwrite').Series).toBe('Saga');
  });

  it('replaces an earlier source tag instead of piling them up', () => {
    const notes = identifyPatch({ Notes: 'Tagged with ComicTagger 1.6 using info from Comic Vine on 2024-01-01 [Issue ID 9]' }, issue, 'Comic Vine', 'fill-empty').Notes;
    expect(notes).toBe('Identified by Longbox using info from Comic Vine [Issue ID 5]');
  });
});

describe('request budget', () => {
  let db: Db;
  const file = () => path.join(dir.path, 'longbox.db');
  beforeEach(() => {
    db = openDatabase(file());
  });
  afterEach(() => db.close());

  it('spaces requests, counts per resource per window, and survives a reopen', () => {
    const budget = new RequestBudget(db, { comicvine: { minIntervalMs: 1000, limit: 2, windowMs: 3_600_000, perResource: true }, metron: { minIntervalMs: 0, limit: 1, windowMs: 1, perResource: false }, anilist: { minIntervalMs: 0, limit: 1, windowMs: 1, perResource: false } });
    expect(budget.reserve('comicvine', 'search', 0)).toEqual({ ok: true });
    expect(budget.reserve('comicvine', 'search', 400)).toEqual({ ok: false, waitMs: 600 });
    expect(budget.reserve('comicvine', 'issue', 1000)).toEqual({ ok: true });
    expect(budget.reserve('comicvine', 'search', 2000)).toEqual({ ok: true });
    // A restart: a new connection to the same file sees the same spent window.
    db.close();
    db = openDatabase(file());
    const again = new RequestBudget(db, { comicvine: { minIntervalMs: 1000, limit: 2, windowMs: 3_600_000, perResource: true }, metron: { minIntervalMs: 0, limit: 1, windowMs: 1, perResource: false }, anilist: { minIntervalMs: 0, limit: 1, windowMs: 1, perResource: false } });
    expect(again.reserve('comicvine', 'search', 5000)).toEqual({ ok: false, spentUntil: 3_600_000 });
    expect(again.reserve('comicvine', 'issue', 5000)).toEqual({ ok: true });
    again.block('comicvine', 10_000);
    expect(again.reserve('comicvine', 'volume', 7000)).toEqual({ ok: false, spentUntil: 10_000 });
  });
});

describe('credentials', () => {
  it('are written owner-only, encrypted when a cipher is available, and the environment wins', () => {
    // Stand-in for Electron safeStorage (a process edge): reversible, but not the plain text.
    const cipher: SecretCipher = {
      isAvailable: () => true,
      encrypt: (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
      decrypt: (enc) => Buffer.from(enc.map((b) => b ^ 0x5a)).toString(),
    };
    const store = new CredentialStore(dir.path, cipher, {});
    store.set({ provider: 'comicvine', apiKey: 'very-secret-key' });
    const onDisk = fs.readFileSync(path.join(dir.path, 'credentials.json'), 'utf8');
    expect(onDisk).not.toContain('very-secret-key');
    expect(fs.statSync(path.join(dir.path, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(store.get().comicvine?.apiKey).toBe('very-secret-key');
    // A headless host cannot decrypt what the app stored: no credentials, not garbage.
    expect(new CredentialStore(dir.path, undefined, {}).get()).toEqual({});
    expect(new CredentialStore(dir.path, cipher, { LONGBOX_COMICVINE_API_KEY: 'from-env' }).get().comicvine?.apiKey).toBe('from-env');
    store.set({ provider: 'comicvine', apiKey: null });
    expect(store.configured('comicvine')).toBe(false);
    expect(store.configured('anilist')).toBe(true);
  });
});
