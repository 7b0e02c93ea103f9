/**
 * Reads a multipart/form-data post (the upload forms) with busboy: text fields, and files
 * streamed to a fresh temporary folder under their own base names (importers read meaning
 * from names such as HISTORY.CSV or BILL_TBL.dat). Bounded: at most `maxFiles` files of
 * `maxFileBytes` each; a bigger file is a 400 naming it, and what was written is removed.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import busboy from 'busboy';
import type { Request } from 'express';
import { ValidationError } from '../../core/errors.js';
import type { UploadedFile } from '../uploads/upload-control.js';

export type MultipartForm = { fields: Record<string, string>; files: UploadedFile[]; dir: string };

/** A file name safe to write: its base name, with anything but letters, digits, dot, dash and underscore replaced. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');
  return base.slice(-120) || 'upload';
}

/** @throws ValidationError when the post is not multipart, a file is too big, or there are too many files. */
export async function readMultipart(req: Request, limits: { maxFiles: number; maxFileBytes: number }): Promise<MultipartForm> {
  if (!req.is('multipart/form-data')) throw new ValidationError('expected a file upload', [{ parameter: 'body', message: 'send the form as multipart/form-data' }]);
  const dir = await mkdtemp(path.join(tmpdir(), 'tracker-upload-'));
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const writes: Promise<void>[] = [];
  const problems: { parameter: string; message: string }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: req.headers, limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: 50, fieldSize: 10_000 } });
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (field, stream, info) => {
        if (!info.filename) {
          stream.resume();
          return;
        }
        let name = safeFileName(info.filename);
        while (files.some((f) => f.name === name)) name = `1-${name}`;
        const file: UploadedFile = { name, path: path.join(dir, name), bytes: 0 };
        files.push(file);
        stream.on('data', (chunk: Buffer) => { file.bytes += chunk.length; });
        stream.on('limit', () => problems.push({ parameter: field, message: `${info.filename} is larger than ${Math.round(limits.maxFileBytes / 1_048_576)} MB` }));
        writes.push(new Promise<void>((done, fail) => {
          const out = createWriteStream(file.path);
          out.on('finish', () => done());
          out.on('error', fail);
          stream.pipe(out);
        }));
      });
      parser.on('filesLimit', () => problems.push({ parameter: 'files', message: `at most ${limits.maxFiles} files` }));
      parser.on('error', reject);
      parser.on('close', () => resolve());
      req.pipe(parser);
    });
    await Promise.all(writes);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new ValidationError('the upload could not be read', [{ parameter: 'body', message: (error as Error).message }]);
  }
  if (problems.length) {
    await rm(dir, { recursive: true, force: true });
    throw new ValidationError('upload refused', problems);
  }
  return { fields, files: files.filter((f) => f.bytes > 0), dir };
}
