// Files are written to a temporary name and renamed, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

/** What a failed write tells the user: the file, and the cause in words for the ones a nightly job meets. */
export function describeWriteError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'no space left on the device'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (e as Error).message;
  return new Error(`${path}: could not write (${why}); the previous version of the file, if any, is intact`, { cause: e });
}

/** Writes to a temporary file, flushes it to disk, then renames it over `path`; a failure leaves no temporary file. */
export async function writeFileAtomic(path: string, data: string | Buffer, beforeRename?: () => void): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    beforeRename?.();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw describeWriteError(path, e);
  }
}

export function toCsv<T extends object>(rows: T[], columns: readonly (keyof T & string)[]): string {
  return stringify(rows, { header: true, columns: [...columns], cast: { boolean: (v) => String(v) } });
}
