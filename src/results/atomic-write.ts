// Files are written to a temporary name and renamed, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export function toCsv<T extends object>(rows: T[], columns: readonly (keyof T & string)[]): string {
  return stringify(rows as unknown as Record<string, unknown>[], { header: true, columns: [...columns] });
}
