import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNetworkFolder } from '../../../src-main/core/watch/network-mount.ts';
import { tempDir } from '../../helpers/core-harness.ts';

describe.runIf(process.platform === 'linux')('network folders (from a mounts table)', () => {
  const dir = tempDir('mounts');
  afterAll(() => dir.remove());
  const mounts = join(dir.path, 'mounts');
  writeFileSync(
    mounts,
    [
      '/dev/sda1 / ext4 rw,relatime 0 0',
      '//nas/comics /mnt/nas cifs rw,vers=3.0 0 0',
      'nas:/export /srv/nfs nfs4 rw 0 0',
      '/dev/sdb1 /mnt/nas/local-cache ext4 rw 0 0',
      '//nas/my\\040comics /mnt/with\\040space smb3 rw 0 0',
    ].join('\n'),
  );

  it('SMB/CIFS and NFS mounts are network folders; the longest mount point wins', async () => {
    expect(await isNetworkFolder('/mnt/nas/Manga', mounts)).toBe(true);
    expect(await isNetworkFolder('/srv/nfs', mounts)).toBe(true);
    expect(await isNetworkFolder('/mnt/nas/local-cache/Manga', mounts)).toBe(false);
    expect(await isNetworkFolder('/mnt/nasty', mounts)).toBe(false);
    expect(await isNetworkFolder('/home/me/Comics', mounts)).toBe(false);
    expect(await isNetworkFolder('/mnt/with space/x', mounts)).toBe(true);
  });

  it('a missing mounts table means local', async () => {
    expect(await isNetworkFolder('/mnt/nas', join(dir.path, 'absent'))).toBe(false);
  });
});
