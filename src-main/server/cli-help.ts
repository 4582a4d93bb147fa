import { defaultDataDir } from '../core/platform/data-dir.ts';
import { VERSION } from './version.ts';

export const HELP = `longbox ${VERSION} — keeps comic and manga libraries tidy

Usage:
  longbox scan    --library DIR
  longbox run     process|rename|normalize (--all | --unprocessed | --files F...) --library DIR [--dry-run]
  longbox jobs    [list | show ID | cancel ID | resume]
  longbox identify (--all | --unprocessed | --files F...) --library DIR [--provider NAME] [--dry-run] [--no-wait]
                                            identify files online (comicvine, metron, anilist)
  longbox delete  --files F... --library DIR [--dry-run]   to the OS trash, as a job
  longbox inspect FILE...                   parsed name, current ComicInfo, and what Process would do
  longbox serve   --library DIR [--port N] [--host 127.0.0.1] [--new-token]
  longbox watch   --library DIR [--auto off|normalize|process]
                                            scan, catch up, then index changes as they happen
  longbox demo    [DIR] [--port N]          generate a sample library and serve it
  longbox --version

Options accepted everywhere:
  --data-dir DIR   where the database, logs and journals live (default: ${defaultDataDir()})
  --json           machine-readable output, one JSON object per line
  --help           this text

Exit codes: 0 success, 1 some items failed, 2 bad usage.
`;
