// Files are written to a temporary name and renamed, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

/** Writes to a temporary file, flushes it to disk, then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string | Buffer, beforeRename?: () => void): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  beforeRename?.();
  await rename(tmp, path);
}

export function toCsv<T extends object>(rows: T[], columns: readonly (keyof T & string)[]): string {
  return stringify(rows, { header: true, columns: [...columns], cast: { boolean: (v) => String(v) } });
}
