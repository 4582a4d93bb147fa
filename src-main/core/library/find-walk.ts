import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { isLongboxTempName, newId } from '../archive/temp-names.ts';
import { inodeKey } from '../platform/file-stat.ts';
import { ARCHIVE_EXTENSION, type WalkedFiles } from './library-walker.ts';

/** A whole root as GNU find printed it (`findWalk`). */
export interface TreeWalk {
  /**
   * A hash of every regular file's path, size, mtime and inode in find's order: the same tree
   * gives the same digest, so a scan can tell "nothing changed since" without comparing a row.
   */
  digest: string;
  /** Our temp files met on the way (relative paths). */
  temps: string[];
  /** The archives in the walker's columns, or null if find printed anything unexpected. */
  files(): WalkedFiles | null;
  /**
   * Begun before the scan took its mark (server/early-walk.ts): rows read after it may be newer
   * than it, so only a digest equal to the stored one is evidence (library-scanner.ts).
   */
  early?: boolean;
}

/** Changes whenever what find prints changes, so no digest stored by another version matches. */
const FORMAT = 'find-1';

/**
 * A whole root walked by GNU find in a child process, with exactly the walker's rules
 * (library-walker.ts: hidden names and NAS litter skipped and not descended, symlinks not
 * followed, archives by extension, our temp files reported), or null: then the caller walks in
 * Node. Why: listing and stat'ing 100k files from Node costs 2.3× what find does on a 2-core
 * machine (every sync call crosses into libuv and builds a Stats object), while find does the
 * same system calls on the other core as this process starts (docs/architecture.md, "Scan path").
 *
 * Null whenever find's answer might not be the walker's: not Linux, no GNU find (BSD and
 * BusyBox find lack -printf), any error on the way (an unreadable or vanishing folder: the
 * walker's own rules decide those), a temp name that is not UTF-8; and `files()` is null for an
 * archive name that is not UTF-8 (the walker reports it NAME_INVALID), a time before 1970, or a
 * sampled file whose stat disagrees with Node's.
 */
export async function findWalk(root: string): Promise<TreeWalk | null> {
  if (process.platform !== 'linux' || !isAbsolute(root)) return null;
  const output = await runFind(root);
  if (output === null) return null;
  const temps = output.temps.toString('utf8');
  if (temps.includes('\uFFFD')) return null;
  return {
    // Of the bytes as printed: a digest that matches a stored one needs no decoding at all.
    digest: `${FORMAT}:${createHash('sha1').update(output.records).digest('base64')}`,
    temps: temps.split('\0').filter((rel) => rel && isLongboxTempName(rel.slice(rel.lastIndexOf('/') + 1))),
    files: () => {
      const text = output.records.toString('utf8');
      const walked = text.includes('\uFFFD') ? null : parse(text);
      return walked && agreesWithStat(root, walked) ? walked : null;
    },
  };
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
function runFind(root: string): Promise<{ records: Buffer; temps: Buffer } | null> {
  // -H: the root may itself be a symlink (the walker's readdir follows it); nothing below is followed.
  // Ignored names: a regular file is printed as a temp candidate, a folder is pruned.
  const args = ['-H', root, '-mindepth', '1', ...IGNORED, '(', '-type', 'f', '-fprintf', '/dev/stderr', '%P\\0', '-o', '-prune', ')'];
  args.push('-o', '-type', 'f', '-printf', '%P\\0%s\\0%T@\\0%D\\0%i\\0');
  // The records go to an unlinked file, not a pipe: this thread may be busy for a while (reading
  // the index), and find would stall on a full pipe meanwhile instead of walking on the other core.
  const file = join(tmpdir(), `.longbox-walk-${newId()}`);
  const fd = openSync(file, 'w+', 0o600);
  unlinkSync(file);
  return new Promise((resolve) => {
    const settle = (value: { records: Buffer; temps: Buffer } | null) => {
      closeSync(fd);
      resolve(value);
    };
    // C locale: ASCII case folding for -iname and a '.' in %T@, whatever the user's locale.
    const child = spawn('find', args, { stdio: ['ignore', fd, 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const stderr: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', () => settle(null));
    child.on('close', (code) => {
      if (code !== 0) return settle(null);
      const records = Buffer.allocUnsafe(fstatSync(fd).size);
      let at = 0;
      while (at < records.length) at += readSync(fd, records, at, records.length - at, at);
      settle({ records, temps: Buffer.concat(stderr) });
    });
  });
}

/** find's records of archives in the walker's columns; null if one is not as asked for. */
function parse(text: string): WalkedFiles | null {
  const out: WalkedFiles = { relPaths: [], sizes: [], mtimes: [], inos: [] };
  const fields = text.split('\0');
  // The output ends with a separator: the last field is empty.
  const end = fields.length - 1;
  let i = 0;
  while (i + 5 <= end) {
    const relPath = fields[i]!;
    const mtimeMs = msOf(fields[i + 2]!);
    if (mtimeMs === null) return null;
    if (!ARCHIVE_EXTENSION.test(relPath)) {
      i += 5;
      continue;
    }
    out.relPaths.push(relPath);
    out.sizes.push(Number(fields[i + 1]));
    out.mtimes.push(mtimeMs);
    out.inos.push(inodeKey({ dev: Number(fields[i + 3]), ino: Number(fields[i + 4]) }));
    i += 5;
  }
  return i === end ? out : null;
}

/**
 * `%T@` (seconds, a dot, nanoseconds) as Node's `mtimeMs`, to the last bit: Node computes it as
 * `sec * 1e3 + nsec / 1e6` from the same two integers, and a rescan compares it exactly.
 */
function msOf(text: string): number | null {
  const dot = text.indexOf('.');
  if (dot < 1 || text.startsWith('-')) return null;
  const nsec = text.slice(dot + 1, dot + 10);
  if (nsec.length !== 9) return null;
  return Number(text.slice(0, dot)) * 1e3 + Number(nsec) / 1e6;
}

/**
 * A few files stat'ed by Node, field for field: a find that prints anything differently is not
 * used. A sample written to since find saw it also sends the walk to Node: rare, and only slower.
 */
function agreesWithStat(root: string, walked: WalkedFiles): boolean {
  const n = walked.relPaths.length;
  for (const k of new Set([0, n >> 1, n - 1])) {
    if (k < 0 || k >= n) continue;
    const s = statSync(join(root, walked.relPaths[k]!), { throwIfNoEntry: false });
    if (s && !(s.size === walked.sizes[k] && s.mtimeMs === walked.mtimes[k] && inodeKey(s) === walked.inos[k])) return false;
  }
  return true;
}
