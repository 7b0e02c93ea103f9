import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

/**
 * Reads the members of a zip file one at a time, straight from disk: the central directory is
 * read first, then each member is inflated as a stream when it is opened, so a large state's
 * export never sits in memory whole (the archive and its CSVs can run to hundreds of MB).
 * Every member is checked against the CRC-32 and size its directory entry declares, so a cut
 * or corrupted archive fails with the member's name instead of yielding a short table.
 * Formats: APPNOTE 6.3 (stored and deflated members, ZIP64 sizes and offsets).
 */

/** A member of an archive (or a file of a folder), opened on demand. */
export type ArchiveEntry = {
  /** Path inside the archive, `/`-separated (`NH/2024/NH_2024_bills.csv`). */
  name: string;
  /** A stream of the member's bytes; it errors when the member is damaged. */
  open(): Readable;
};

/** The archive cannot be read: not a zip, cut short, or a member damaged. */
export class ZipArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipArchiveError';
  }
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

type CentralEntry = { name: string; method: number; crc: number; compressedSize: number; size: number; localOffset: number; flags: number };

/**
 * The members of the zip at `file`, in directory order (directories left out).
 * @throws ZipArchiveError when the file is not a zip or its directory is cut short.
 */
export async function readZipMembers(file: string): Promise<ArchiveEntry[]> {
  const handle = await open(file, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) throw new ZipArchiveError(`${file} is cut short: wanted ${length} bytes at offset ${position}, the file has ${fileSize}`);
      return buffer;
    };
    const tailLength = Math.min(fileSize, 22 + MAX_COMMENT);
    const tail = await read(fileSize - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipArchiveError(`${file} is not a zip archive, or it was cut short (no end-of-central-directory record)`);
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff || directorySize === 0xffffffff) {
      const locatorAt = fileSize - tailLength + eocd - 20;
      const locator = locatorAt >= 0 ? await read(locatorAt, 20) : null;
      if (!locator || locator.readUInt32LE(0) !== EOCD64_LOCATOR) throw new ZipArchiveError(`${file}: ZIP64 archive without its end-of-directory locator`);
      const record = await read(Number(locator.readBigUInt64LE(8)), 56);
      if (record.readUInt32LE(0) !== EOCD64) throw new ZipArchiveError(`${file}: ZIP64 end-of-directory record missing`);
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > fileSize) throw new ZipArchiveError(`${file} is cut short: its directory points past the end of the file`);
    const directory = await read(directoryOffset, directorySize);
    const entries: CentralEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw new ZipArchiveError(`${file}: central directory entry ${n + 1} of ${count} is damaged`);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const entry: CentralEntry = {
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        crc: directory.readUInt32LE(at + 16),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localOffset: directory.readUInt32LE(at + 42),
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      };
      readZip64Extra(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    const members: ArchiveEntry[] = [];
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      if (entry.flags & 0x1) throw new ZipArchiveError(`${file}: member ${entry.name} is encrypted`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipArchiveError(`${file}: member ${entry.name} uses compression method ${entry.method} (only stored and deflated are read)`);
      const local = await read(entry.localOffset, 30);
      if (local.readUInt32LE(0) !== LOCAL) throw new ZipArchiveError(`${file}: member ${entry.name} has no local header where the directory says`);
      const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataStart + entry.compressedSize > fileSize) throw new ZipArchiveError(`${file} is cut short: member ${entry.name} runs past the end of the file`);
      members.push({ name: entry.name, open: () => openMember(file, entry, dataStart) });
    }
    return members;
  } finally {
    await handle.close();
  }
}

/** ZIP64 extended information (header id 1): the 64-bit values of fields set to 0xFFFFFFFF, in order. */
function readZip64Extra(extra: Buffer, entry: CentralEntry): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = () => {
        const value = Number(extra.readBigUInt64LE(p));
        p += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function openMember(file: string, entry: CentralEntry, dataStart: number): Readable {
  let raw: Readable;
  if (entry.compressedSize === 0) {
    const empty = new PassThrough();
    empty.end();
    raw = empty;
  } else {
    raw = createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 1 << 16 });
  }
  const check = new MemberCheck(file, entry);
  if (entry.method === 0) return raw.pipe(check);
  const inflate = createInflateRaw();
  // A broken deflate stream or read error surfaces on the stream the caller reads.
  inflate.on('error', (error: Error) => check.destroy(new ZipArchiveError(`${file}: member ${entry.name} is damaged: ${error.message}`)));
  raw.on('error', (error: Error) => check.destroy(error));
  return raw.pipe(inflate).pipe(check);
}

/** Passes a member's bytes through, and fails at the end when CRC-32 or size differ from the directory's. */
class MemberCheck extends Transform {
  private crc = 0;
  private bytes = 0;

  constructor(private readonly file: string, private readonly entry: CentralEntry) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.entry.size) {
      callback(new ZipArchiveError(`${this.file}: member ${this.entry.name} is cut short or damaged (${this.bytes} bytes, the directory says ${this.entry.size})`));
      return;
    }
    if (this.crc >>> 0 !== this.entry.crc >>> 0) {
      callback(new ZipArchiveError(`${this.file}: member ${this.entry.name} is damaged (CRC-32 mismatch)`));
      return;
    }
    callback();
  }
}
