// Parsers for CLI flag values; each error names the flag and what it expects.
import { statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { InputError } from '../errors/input-error.js';
import { METRICS } from '../metrics/metrics.js';
import { flowSchemaNameProblem } from '../targets/flow-control.js';
import { parseBytesValue, parseDurationValue } from '../workload/units.js';

/** Directory arguments (run, runs or comparison directories) that are not there are bad input, named as given. */
export function requireDirectories(dirs: string[], expected: string): void {
  for (const dir of dirs)
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`${dir}: no such directory (expected ${expected})`);
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError(`expected a port number 0-65535 (0 picks a free port), got "${value}"`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** --reps: a positive integer, or "auto" (repeat until the gated ratios are known well enough). */
export function parseReps(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0) throw new InvalidArgumentError(`expected a positive integer or "auto", got "${value}"`);
  return n;
}

/** "256KiB", "1.5Mi", "1000" -> bytes. */
export function parseBytes(value: string): number {
  const n = parseBytesValue(value);
  if (n === undefined) throw new InvalidArgumentError(`expected a size like 256KiB, 1.5MiB or 1000 (bytes), got "${value}"`);
  return n;
}

/** "500ms", "30s", "5m", "1h" -> milliseconds. */
export function parseDurationMs(value: string): number {
  const n = parseDurationValue(value);
  if (n === undefined) throw new InvalidArgumentError(`expected a duration like 500ms, 30s, 5m or 1h, got "${value}"`);
  return n;
}

/** A verdict threshold: a percentage above 0% and below 100% ("5%" or "5" -> 0.05). */
export function parseThreshold(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  const t = m ? Number(m[1]) / 100 : NaN;
  if (!(t > 0 && t < 1)) throw new InvalidArgumentError(`expected a percentage above 0% and below 100%, like 5%, got "${value}"`);
  // "0.05" is 0.05% by the rule above, but most likely meant as the fraction 5%.
  if (m && !m[2] && Number(m[1]) < 1)
    throw new InvalidArgumentError(`"${value}" would be ${value}%; write it with a % sign: ${value}% or ${Number(m[1]) * 100}%`);
  return t;
}

/** A metric key, checked against the metrics compare judges. */
export function parseMetric(value: string): string {
  if (!METRICS.some((m) => m.key === value))
    throw new InvalidArgumentError(`unknown metric; choose from: ${METRICS.map((m) => m.key).join(', ')}`);
  return value;
}

/**
 * --flow-schema, checked once before anything starts: a name the priority level and its flow schemas can take, on a
 * target with API Priority and Fairness (InputError, exit 2, otherwise).
 */
export function checkFlowSchema(name: string | undefined, target: string): string | undefined {
  if (name === undefined) return undefined;
  const problem = flowSchemaNameProblem(name);
  if (problem) throw new InputError(`--flow-schema "${name}": ${problem}`);
  if (target === 'mock')
    throw new InputError('--flow-schema: the mock has no API Priority and Fairness; use it with --target local, kind or kubeconfig');
  return name;
}

/** commander accumulator for repeatable flags. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** "A=true,B=false" -> { A: true, B: false } (any gate name: the apiserver checks them). */
export function parseGateList(value: string): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9]+)=(true|false)$/.exec(part);
    if (!m) throw new InvalidArgumentError(`expected Name=true|false[,Name=true|false…], got "${part}"`);
    out[m[1]!] = m[2] === 'true';
  }
  return out;
}

export const EMULATED_VERSION_HELP =
  'local/kind: compatibility version for kube-apiserver, e.g. 1.33; auto (default) emulates the newest version where the gates a variant asks for can be switched, off runs the binary as released';
