import { readFile } from 'node:fs/promises';

/** File systems where local change notifications miss what other machines do (docs/watcher.md). */
const NETWORK_TYPES = /^(nfs4?|cifs|smb3?|smbfs|afs|ncpfs|9p|ceph|glusterfs|davfs|fuse\.(sshfs|rclone|smbnetfs|s3fs))$/;

/** `/proc/mounts` escapes spaces and other bytes in mount points as octal (`\040`). */
const unescapeMount = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/**
 * Whether a folder lives on a network share, so `auto` polls it. Linux: the longest mount
 * point containing it in /proc/mounts. Windows: UNC paths. Elsewhere (macOS) there is no
 * cheap answer, and FSEvents sees local changes to mounted shares: treated as local.
 */
export async function isNetworkFolder(folder: string, mountsFile = '/proc/mounts'): Promise<boolean> {
  if (process.platform === 'win32') return folder.startsWith('\\\\');
  const mounts = await readFile(mountsFile, 'utf8').catch(() => null);
  if (mounts === null) return false;
  let best = { point: '', type: '' };
  for (const line of mounts.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    const point = unescapeMount(rawPoint);
    const contains = point === '/' || folder === point || folder.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (contains && point.length >= best.point.length) best = { point, type };
  }
  return NETWORK_TYPES.test(best.type);
}
