/**
 * Child of write-steps.test.ts: writes ComicInfo.xml once and SIGKILLs itself at one named
 * step of the write. At `tail-write` it may first write a prefix of the new tail by hand (a
 * torn tail: a chosen fraction of it), which a real SIGKILL practically never produces.
 */
import { writeFileSync } from 'node:fs';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { WriteStep } from '../../../src-main/core/archive/write-steps.ts';

const [file, journalDir, xml, nowIso, step, torn] = process.argv.slice(2) as [string, string, string, string, WriteStep, string];

await writeComicInfo(file, xml, {
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
});
writeFileSync(2, 'the write finished without reaching its step\n');
process.exit(3);
