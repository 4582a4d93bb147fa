import type { FileHandle } from 'node:fs/promises';
import { writeAll } from './durable-fs.ts';
import { buildCentralRecord, buildEndRecords, buildLocalHeader } from './zip-records.ts';
import type { EntryFields } from './zip-records.ts';

/**
 * Writes a new zip front to back into a fresh file: local header, data, next entry…, then the
 * central directory and end records. Used by the rebuild writer and the CBR converter.
 */
export class ZipAppender {
  readonly handle: FileHandle;
  offset = 0;
  private readonly central: Buffer[] = [];
  readonly names: Buffer[] = [];

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  private async put(data: Uint8Array): Promise<void> {
    await writeAll(this.handle, data, this.offset);
    this.offset += data.length;
  }

  /**
   * Add an entry whose CRC and sizes are known up front; `writeData` streams the entry's
   * (already compressed) bytes through `put`. `centralExtra`/`comment` go to the CD record only.
   */
  async addEntry(
    fields: EntryFields,
    writeData: (put: (chunk: Uint8Array) => Promise<void>) => Promise<void>,
    central: { extra?: Buffer; comment?: Buffer } = {},
  ): Promise<void> {
    const headerOffset = this.offset;
    await this.put(buildLocalHeader(fields));
    const dataStart = this.offset;
    await writeData((chunk) => this.put(chunk));
    if (this.offset - dataStart !== fields.compressedSize) {
      throw new Error(`entry data length ${this.offset - dataStart} != ${fields.compressedSize}`);
    }
    this.central.push(
      buildCentralRecord({ ...fields, extra: central.extra ?? fields.extra, comment: central.comment }, headerOffset),
    );
    this.names.push(fields.nameRaw);
  }

  /** Central directory + end records; returns the total size of the zip. */
  async finish(comment: Buffer, forceZip64: boolean): Promise<number> {
    const cd = Buffer.concat(this.central);
    const centralDirectoryOffset = this.offset;
    await this.put(cd);
    await this.put(
      buildEndRecords({
        entryCount: this.central.length,
        centralDirectoryOffset,
        centralDirectorySize: cd.length,
        comment,
        forceZip64,
      }),
    );
    return this.offset;
  }
}
