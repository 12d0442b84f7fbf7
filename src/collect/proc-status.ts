// /proc/<pid>/status memory fields, for targets that run as local processes.
import { readFile } from 'node:fs/promises';

export interface ProcMemory {
  vmRSSBytes: number;
  vmHWMBytes: number;
}

export function parseProcStatus(text: string): ProcMemory {
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!m) throw new Error(`/proc status has no ${field} line`);
    return Number(m[1]) * 1024;
  };
  return { vmRSSBytes: kb('VmRSS'), vmHWMBytes: kb('VmHWM') };
}

/** Reads a process's memory; undefined once the process is gone. */
export async function readProcMemory(pid: number): Promise<ProcMemory | undefined> {
  try {
    return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}
