/** `Foo 12.CBZ` → `{ stem: 'Foo 12', extension: '.CBZ' }`; a leading dot is not an extension. */
export function splitExtension(fileName: string): { stem: string; extension: string } {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return { stem: fileName, extension: '' };
  return { stem: fileName.slice(0, dot), extension: fileName.slice(dot) };
}
