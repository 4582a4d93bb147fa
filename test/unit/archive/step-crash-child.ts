/**
 * Child of write-steps.test.ts and undo-write-steps.test.ts: does one archive write and
 * SIGKILLs itself at one named step of it. At `tail-write` it may first write a prefix of the
 * new tail by hand (a torn tail: a chosen fraction of it), which a real SIGKILL practically
 * never produces. The write is `write` (new XML, the default), `remove` (the ComicInfo a job
 * created, as undo does) or `restore` (the ComicInfo entry of the archive at `original`).
 */
import { writeFileSync } from 'node:fs';
import { readOriginalArchive } from '../../../src-main/core/archive/original-tail.ts';
import { removeComicInfo, restoreComicInfo, writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { WriteComicInfoOptions } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { WriteStep } from '../../../src-main/core/archive/write-steps.ts';

const [file, journalDir, xml, nowIso, step, torn, mode = 'write', original = ''] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  WriteStep,
  string,
  string?,
  string?,
];

const options: WriteComicInfoOptions = {
  journalDir,
  now: new Date(nowIso),
  steps: {
    reached: async (at, detail) => {
      if (at !== step) return;
      const length = Math.floor(Number(torn) * (detail?.bytes.length ?? 0));
      if (detail && length > 0) {
        await detail.handle.write(detail.bytes, 0, length, detail.position);
        await detail.handle.sync();
      }
      process.kill(process.pid, 'SIGKILL');
    },
  },
};
if (mode === 'remove') await removeComicInfo(file, options);
else if (mode === 'restore') await restoreComicInfo(file, (await readOriginalArchive(original)).comicInfo!, options);
else await writeComicInfo(file, xml, options);
writeFileSync(2, 'the write finished without reaching its step\n');
process.exit(3);
