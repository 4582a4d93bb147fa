/**
 * Child of crash.test.ts: writes ComicInfo.xml to the archives in argv forever, logging each
 * attempt ("start") and success ("done") synchronously so the parent knows, after SIGKILLing
 * us at a random moment, which two versions each archive may legitimately hold.
 * Every third archive is hard-linked before its write, which forces the rebuild path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { comicInfoXml } from '../../helpers/archives.ts';

const [journalDir, logFile, startVersion, ...files] = process.argv.slice(2) as [string, string, string, ...string[]];
let version = Number(startVersion);
process.stdout.write('ready\n');
for (;;) {
  for (const [i, file] of files.entries()) {
    version += 1;
    if (i % 3 === 0) fs.linkSync(file, path.join(path.dirname(file), 'links', `${path.basename(file)}.${version}`));
    fs.appendFileSync(logFile, `start\t${file}\t${version}\n`);
    await writeComicInfo(file, comicInfoXml(`v${version}`), { journalDir });
    fs.appendFileSync(logFile, `done\t${file}\t${version}\n`);
  }
}
