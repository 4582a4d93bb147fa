import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { isLongboxTempName, newId } from '../archive/temp-names.ts';
import { fileStatOf, sameFileStat } from '../platform/file-stat.ts';
import type { WalkedFile } from './library-walker.ts';

/** A whole root as GNU find printed it (`findWalk`). */
export interface TreeWalk {
  /**
   * A hash of every regular file's path, size, mtime and inode in find's order: the same tree
   * gives the same digest, so a scan can tell "nothing changed since" without comparing a row.
   */
  digest: string;
  /** Our temp files met on the way (relative paths). */
  temps: string[];
  /** The archives with their stat fields, or null if find printed anything unexpected. */
  files(): WalkedFile[] | null;
  /**
   * Each folder's own digest (of its direct files' records, in find's order) and archive
   * count, keyed as the index's `folder` column (`''` for the root); null if find printed
   * anything unexpected.
   */
  folders(): Map<string, FolderWalk> | null;
  /** The archives directly in these folders, as `files()` gives them (no stat sampled). */
  filesIn(folders: Set<string>): WalkedFile[] | null;
  /**
   * Begun before the scan took its mark (server/early-walk.ts): rows read after it may be newer
   * than it, so only a digest equal to the stored one is evidence (library-scanner.ts).
   */
  early?: boolean;
}

/** One folder of a find walk. */
export interface FolderWalk {
  digest: string;
  archives: number;
}

/** Walks begun before the core started (server/early-walk.ts), each taken at most once, by the scan of its root. */
export interface EarlyWalks {
  take(root: string): Promise<TreeWalk | null> | undefined;
  /** Stops the walks nobody took: the command is over (a find left running would keep it alive). */
  cancel(): void;
}

/** Changes whenever what find prints changes, so no digest stored by another version matches. */
const FORMAT = 'find-2';

/**
 * A whole root walked by GNU find in a child process, with exactly the walker's rules
 * (library-walker.ts: hidden names and NAS litter skipped and not descended, symlinks not
 * followed, archives by extension, our temp files reported), or null: then the caller walks in
 * Node. Why: listing and stat'ing 100k files from Node costs 2.3× what find does on a 2-core
 * machine (every sync call crosses into libuv and builds a Stats object), while find does the
 * same system calls on the other core as this process starts (docs/architecture.md, "The
 * one-way scan path").
 *
 * Null whenever find's answer might not be the walker's: not Linux, no GNU find (BSD and
 * BusyBox find lack -printf), or any error on the way (an unreadable or vanishing folder: the
 * walker's own rules decide those); and `files()` is null for an archive name that is not
 * UTF-8 (the walker reports it NAME_INVALID), a time before 1970, or a sampled file whose stat
 * disagrees with Node's.
 */
export async function findWalk(root: string, options: { signal?: AbortSignal } = {}): Promise<TreeWalk | null> {
  if (process.platform !== 'linux' || !isAbsolute(root)) return null;
  const output = await runFind(root, options.signal);
  if (output === null) return null;
  let byFolder: Map<string, FolderRecords> | null | undefined;
  return {
    // Of the bytes as printed: a digest that matches a stored one needs no decoding at all.
    digest: `${FORMAT}:${createHash('sha1').update(output.records).digest('base64')}`,
    temps: output.temps
      .toString('utf8')
      .split('\0')
      .filter((rel) => rel && !rel.includes('\uFFFD') && isLongboxTempName(rel.slice(rel.lastIndexOf('/') + 1))),
    files: () => {
      const files = parse(output.records);
      return files && agreesWithStat(root, files) ? files : null;
    },
    folders: () => {
      const grouped = (byFolder ??= groupByFolder(output.records));
      return grouped && new Map([...grouped].map(([folder, group]) => [folder, { digest: group.digest, archives: group.archives }]));
    },
    filesIn: (folders) => {
      const grouped = (byFolder ??= groupByFolder(output.records));
      if (!grouped) return null;
      const slices = [...folders].flatMap((folder) => grouped.get(folder)?.records ?? []);
      return parse(Buffer.concat(slices));
    },
  };
}

interface FolderRecords {
  digest: string;
  archives: number;
  /** Its records, as printed (views of find's output). */
  records: Buffer[];
}

/**
 * find's records grouped by folder — the bytes of each path up to its last `/` — with a digest
 * per folder; null if a record is cut short. A folder's records need not be contiguous (find
 * goes down into a subfolder where it meets it), but their order is fixed by the folder's
 * directory order, so an unchanged folder hashes the same.
 */
function groupByFolder(records: Buffer): Map<string, FolderRecords> | null {
  type Group = FolderRecords & { hash: Hash };
  const groups = new Map<string, Group>();
  let at = 0;
  let previous: { start: number; end: number; group: Group } | null = null;
  while (at < records.length) {
    const fields = recordAt(records, at);
    if (!fields) return null;
    const { pathEnd, end } = fields;
    const slash = records.lastIndexOf(0x2f, pathEnd - 1);
    const folderEnd = slash >= at ? slash : at;
    // Files of one folder mostly come in a run: its name is compared as bytes, not decoded again.
    let group: Group | null = previous && previous.end - previous.start === folderEnd - at && records.compare(records, at, folderEnd, previous.start, previous.end) === 0 ? previous.group : null;
    if (!group) {
      const folder = records.toString('utf8', at, folderEnd);
      group = groups.get(folder) ?? null;
      if (!group) groups.set(folder, (group = { digest: '', archives: 0, records: [], hash: createHash('sha1') }));
      previous = { start: at, end: folderEnd, group };
    }
    const record = records.subarray(at, end + 1);
    group.hash.update(record);
    group.records.push(record);
    if (isArchiveName(records, at, pathEnd)) group.archives += 1;
    at = end + 1;
  }
  for (const group of groups.values()) group.digest = `${FORMAT}:${group.hash.digest('base64')}`;
  return groups;
}

/** The NULs ending the fields of the record at `at` (path, size, time, `dev:ino`), or null if it is cut short. */
function recordAt(records: Buffer, at: number): { pathEnd: number; sizeEnd: number; timeEnd: number; end: number } | null {
  const pathEnd = records.indexOf(0, at);
  const sizeEnd = pathEnd < 0 ? -1 : records.indexOf(0, pathEnd + 1);
  const timeEnd = sizeEnd < 0 ? -1 : records.indexOf(0, sizeEnd + 1);
  const end = timeEnd < 0 ? -1 : records.indexOf(0, timeEnd + 1);
  return end < 0 ? null : { pathEnd, sizeEnd, timeEnd, end };
}

/**
 * The walker's isIgnoredName; the cheap first test passes few names to the exact ones (each
 * name test costs find as much per file as a third of its stat).
 */
const IGNORED = ['-name', '[.@#]*', '(', '-name', '.*', '-o', '-name', '@eaDir*', '-o', '-name', '#recycle', ')'];

/**
 * find's records of every regular file (stdout; archives are told apart here, as a name test
 * per file costs find more than the few other files cost us) and of hidden regular files
 * (stderr, temp candidates), or null if it failed in any way: no find, a non-zero exit (find
 * exits 1 after any error message).
 */
function runFind(root: string, signal?: AbortSignal): Promise<{ records: Buffer; temps: Buffer } | null> {
  // -H: the root may itself be a symlink (the walker's readdir follows it); nothing below is followed.
  // Ignored names: a regular file is printed as a temp candidate, a folder is pruned.
  const args = ['-H', root, '-mindepth', '1', ...IGNORED, '(', '-type', 'f', '-fprintf', '/dev/stderr', '%P\\0', '-o', '-prune', ')'];
  args.push('-o', '-type', 'f', '-printf', '%P\\0%s\\0%T@\\0%D:%i\\0');
  // The records go to an unlinked file, not a pipe: this thread may be busy for a while (reading
  // the index), and find would stall on a full pipe meanwhile instead of walking on the other core.
  let fd: number;
  try {
    const file = join(tmpdir(), `.longbox-walk-${newId()}`);
    fd = openSync(file, 'w+', 0o600);
    unlinkSync(file);
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const stderr: Buffer[] = [];
    let settled = false;
    // Once: a child that fails to start may report both an error and its close.
    const settle = (exitedCleanly: boolean) => {
      if (settled) return;
      settled = true;
      try {
        resolve(exitedCleanly ? { records: readAll(fd), temps: Buffer.concat(stderr) } : null);
      } catch {
        resolve(null);
      } finally {
        closeSync(fd);
      }
    };
    try {
      // C locale: a '.' in %T@ and byte-wise name patterns, whatever the user's locale.
      const child = spawn('find', args, { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, LC_ALL: 'C' }, ...(signal ? { signal } : {}) });
      child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', () => settle(false));
      child.on('close', (code) => settle(code === 0));
    } catch {
      settle(false);
    }
  });
}

function readAll(fd: number): Buffer {
  const bytes = Buffer.allocUnsafe(fstatSync(fd).size);
  let at = 0;
  while (at < bytes.length) at += readSync(fd, bytes, at, bytes.length - at, at);
  return bytes;
}

/**
 * find's records of archives (`path NUL size NUL seconds.nanoseconds NUL dev:ino NUL`), read
 * from the bytes: a rescan that compares every row parses 100k of them, and a string per field
 * (split) cost three times as much. Null if a record is not as asked for.
 */
function parse(records: Buffer): WalkedFile[] | null {
  const files: WalkedFile[] = [];
  let at = 0;
  while (at < records.length) {
    const record = recordAt(records, at);
    if (!record) return null;
    const { pathEnd, sizeEnd, timeEnd, end: inoEnd } = record;
    if (isArchiveName(records, at, pathEnd)) {
      const size = digits(records, pathEnd + 1, sizeEnd);
      const mtimeMs = msOf(records, sizeEnd + 1, timeEnd);
      // Up to 15 digits each, `dev:ino` as printed is inodeKey's spelling of the same numbers.
      const ino = records.toString('latin1', timeEnd + 1, inoEnd);
      const colon = ino.indexOf(':');
      if (size === null || mtimeMs === null || colon < 1 || colon > 15 || ino.length - colon - 1 > 15 || ino.length - colon < 2) return null;
      const relPath = records.toString('utf8', at, pathEnd);
      // Not UTF-8 on disk (decoded with U+FFFD): the name names nothing; the walker reports it.
      if (relPath.includes('\uFFFD')) return null;
      files.push({ relPath, size, mtimeMs, ino });
    }
    at = inoEnd + 1;
  }
  return files;
}

/** ARCHIVE_EXTENSION (`.cbz`, `.cbr`, `.cb7`, any case) on the bytes of a name. */
function isArchiveName(bytes: Buffer, start: number, end: number): boolean {
  if (end - start < 4 || bytes[end - 4] !== 0x2e || (bytes[end - 3]! | 0x20) !== 0x63 || (bytes[end - 2]! | 0x20) !== 0x62) return false;
  const last = bytes[end - 1]! | 0x20;
  return last === 0x7a || last === 0x72 || last === 0x37;
}

/** A run of at most 15 decimal digits (exact in a double), or null. */
function digits(bytes: Buffer, start: number, end: number): number | null {
  if (end <= start || end - start > 15) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `%T@` (seconds, a dot, nanoseconds and one more digit) as Node's `mtimeMs`, to the last bit:
 * Node computes it as `sec * 1e3 + nsec / 1e6` from the same two integers, and a rescan
 * compares it exactly. A time before 1970 (a minus sign) is null.
 */
function msOf(bytes: Buffer, start: number, end: number): number | null {
  const dot = bytes.indexOf(0x2e, start);
  if (dot < 0 || end - dot < 10) return null;
  const sec = digits(bytes, start, dot);
  const nsec = digits(bytes, dot + 1, dot + 10);
  return sec === null || nsec === null ? null : sec * 1e3 + nsec / 1e6;
}

/**
 * A few files stat'ed by Node, field for field: a find that prints anything differently is not
 * used. A sample written to since find saw it also sends the walk to Node: rare, and only slower.
 */
function agreesWithStat(root: string, files: WalkedFile[]): boolean {
  const n = files.length;
  for (const k of new Set([0, n >> 1, n - 1])) {
    const file = files[k];
    if (!file) continue;
    const s = statSync(join(root, file.relPath), { throwIfNoEntry: false });
    if (s && !sameFileStat(fileStatOf(s), file)) return false;
  }
  return true;
}
