// Reading a run directory back the way a user's tooling would.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export async function readCsv(dir: string, file: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const text = await readFile(join(dir, file), 'utf8');
  const header = text.split('\n')[0]!.split(',');
  return { header, rows: parse(text, { columns: true }) as Record<string, string>[] };
}

export async function readManifest(dir: string): Promise<any> {
  return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'));
}
