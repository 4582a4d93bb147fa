/**
 * A sort key that makes SQLite's plain text ordering natural: digit runs are left-padded to a
 * fixed width, so "Ch 2" < "Ch 10"; the original digits' length breaks ties ("012" after "12").
 * Case and accents are folded so ordering matches what users see in Komga.
 */
export function naturalKey(name: string): string {
  // Plain ASCII is its own NFKD form: a scan keys 100k names, nearly all of them ASCII.
  const folded = (/[^\x00-\x7f]/.test(name) ? name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : name).toLowerCase();
  return folded.replace(/\d+/g, (digits) => {
    const trimmed = digits.replace(/^0+(?=\d)/, '');
    return trimmed.padStart(12, '0') + String.fromCharCode(0x30 + Math.min(9, digits.length - trimmed.length));
  });
}
