/**
 * A LibraryScanner on a real database file that reads in this thread, for tests that need to
 * step in between its walk and the rest: `afterWalk` runs once each walk has listed the tree.
 * With `find`, the whole root is walked by GNU find (library/find-walk.ts) as in the app;
 * otherwise in one share by the Node walker, as the pool does.
 */
import { findWalk, type TreeWalk } from '../../src-main/core/library/find-walk.ts';
import { openDatabase, type Db } from '../../src-main/core/db/open-database.ts';
import { FileClaims } from '../../src-main/core/exec/file-claims.ts';
import { LibraryIndex } from '../../src-main/core/library/index/library-index.ts';
import { LibraryScanner, type ScanReader } from '../../src-main/core/library/library-scanner.ts';
import { walkShare } from '../../src-main/core/library/library-walker.ts';
import { RootsRepo } from '../../src-main/core/library/roots-repo.ts';
import { readMetadataBatch } from '../../src-main/core/operations/read-file-metadata.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface ScannerHarness {
  db: Db;
  index: LibraryIndex;
  roots: RootsRepo;
  scanner: LibraryScanner;
  /** One entry per walk. */
  walks: number;
  /** find walks whose records were parsed (compared row by row). */
  parses: number;
  /** Every path given to a metadata read. */
  reads: string[];
}

export interface HarnessOptions {
  find?: boolean;
  afterWalk?: () => void;
  /** With `find`: a walk handed out before walking (as the CLI's early walk), if it gives one. */
  early?: () => Promise<TreeWalk | null> | undefined;
}

export function scannerOn(dbFile: string, options: HarnessOptions = {}): ScannerHarness {
  const db = openDatabase(dbFile);
  const index = new LibraryIndex(db);
  const roots = new RootsRepo(db, index);
  const read: ScanReader = {
    walk: async (share) => {
      const listed = walkShare(share);
      harness.walks += 1;
      options.afterWalk?.();
      return listed;
    },
    metadata: (paths) => {
      harness.reads.push(...paths);
      return readMetadataBatch(paths);
    },
    parallelism: 1,
    warm() {},
  };
  if (options.find) {
    read.walkTree = async (root, walk): Promise<TreeWalk | null> => {
      const tree = await ((walk?.fresh ? undefined : options.early?.()) ?? findWalk(root));
      if (!tree) throw new Error('find did not walk the test tree');
      harness.walks += 1;
      options.afterWalk?.();
      return {
        ...tree,
        files: () => {
          harness.parses += 1;
          return tree.files();
        },
      };
    };
  }
  const scanner = new LibraryScanner({
    index,
    roots,
    locks: { withRoot: (_root, _signal, work) => work() },
    claims: new FileClaims(db),
    read,
    logger: quiet,
    now: Date.now,
  });
  const harness: ScannerHarness = { db, index, roots, scanner, walks: 0, parses: 0, reads: [] };
  return harness;
}
