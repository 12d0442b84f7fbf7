// Typed workload parameters: each knows its default, unit, and how to parse and check a --set value.
import { parseBytesValue, parseDurationValue } from './units.js';
import { InputError } from '../errors/input-error.js';

interface ParamBase<T> {
  description: string;
  default: T;
  unit?: string;
}

export type IntParam = ParamBase<number> & { type: 'int'; min?: number; max?: number };
export type BytesParam = ParamBase<string> & { type: 'bytes' };
export type DurationParam = ParamBase<string> & { type: 'duration' };
export type EnumParam = ParamBase<string> & { type: 'enum'; values: readonly string[] };
export type StringParam = ParamBase<string> & { type: 'string'; pattern?: RegExp };
export type BoolParam = ParamBase<boolean> & { type: 'bool' };
export type ParamSpec = IntParam | BytesParam | DurationParam | EnumParam | StringParam | BoolParam;

/** Resolved value types: bytes and durations become numbers (bytes, milliseconds). */
type ParamValue<S extends ParamSpec> = S['type'] extends 'int' | 'bytes' | 'duration'
  ? number
  : S['type'] extends 'bool'
    ? boolean
    : string;
export type ResolvedParams<P extends Record<string, ParamSpec>> = { [K in keyof P]: ParamValue<P[K]> };

export const param = {
  int: (description: string, def: number, opts: { min?: number; max?: number; unit?: string } = {}): IntParam => ({
    type: 'int',
    description,
    default: def,
    ...opts,
  }),
  bytes: (description: string, def: string): BytesParam => ({ type: 'bytes', description, default: def, unit: 'bytes' }),
  duration: (description: string, def: string): DurationParam => ({ type: 'duration', description, default: def, unit: 'ms' }),
  enum: (description: string, def: string, values: readonly string[]): EnumParam => ({ type: 'enum', description, default: def, values }),
  string: (description: string, def: string, pattern?: RegExp): StringParam => ({ type: 'string', description, default: def, pattern }),
  bool: (description: string, def: boolean): BoolParam => ({ type: 'bool', description, default: def }),
};

/** A workload parameter or scenario field that is not what its schema asks: bad input, exit 2. */
export class ParamError extends InputError {}

/** Parses a raw string (from --set) or a default into the typed value; errors name the parameter. */
export function parseParam(name: string, spec: ParamSpec, raw: string | number | boolean): number | string | boolean {
  const fail = (expected: string): never => {
    throw new ParamError(`${name}: expected ${expected}, got ${JSON.stringify(raw)}`);
  };
  const text = String(raw).trim();
  switch (spec.type) {
    case 'int': {
      if (!/^-?\d+$/.test(text)) fail('an integer');
      const n = Number(text);
      const min = spec.min ?? 1;
      if (n < min) fail(`an integer >= ${min}`);
      if (spec.max !== undefined && n > spec.max) fail(`an integer <= ${spec.max}`);
      return n;
    }
    case 'bytes':
      return parseBytesValue(text) ?? fail('a size like 256KiB, 1MiB or 1000');
    case 'duration':
      return parseDurationValue(text) ?? fail('a duration like 500ms, 30s or 2m');
    case 'enum':
      return spec.values.includes(text) ? text : fail(`one of ${spec.values.join(', ')}`);
    case 'string':
      return !text || (spec.pattern && !spec.pattern.test(text))
        ? fail(spec.pattern ? `a value matching ${spec.pattern}` : 'a non-empty string')
        : text;
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : fail('true or false');
  }
}
