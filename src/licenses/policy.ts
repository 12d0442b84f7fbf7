// The dependency policy: the product fetches, builds, links and ships no AGPL, GPL, SSPL or BUSL code (LGPL and
// MPL-2.0 are fine). Used by scripts/check-licenses.mjs for the production npm tree and the Go modules of
// runner/ and tools/.

/** Strong-copyleft and source-available families the product must not contain. LGPL is not GPL here. */
const FORBIDDEN = /^(AGPL|GPL|SSPL|BUSL)(-|$)/i;

export type Verdict = { ok: true } | { ok: false; why: string };

/** Whether one license identifier (SPDX, or licenseclassifier's name for it) is forbidden. */
export function isForbidden(id: string): boolean {
  return FORBIDDEN.test(id.trim().replace(/\+$/, ''));
}

type Expr = { id: string } | { op: 'AND' | 'OR'; left: Expr; right: Expr };

/** Parses an SPDX license expression: ids (with `+` and `WITH exception`), AND, OR, parentheses. */
export function parseSpdx(text: string): Expr {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`license expression ${JSON.stringify(text)}: ${what}`);
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) return fail('ends early');
    if (t === '(') {
      const e = or();
      if (tokens[i++] !== ')') fail('expected ")"');
      return e;
    }
    if (t === ')' || /^(AND|OR|WITH)$/i.test(t)) return fail(`unexpected "${t}"`);
    // `GPL-2.0 WITH Classpath-exception-2.0` is still GPL for this policy: keep the license id.
    if (tokens[i]?.toUpperCase() === 'WITH') i += 2;
    return { id: t };
  };
  const and = (): Expr => {
    let left = primary();
    while (tokens[i]?.toUpperCase() === 'AND') {
      i++;
      left = { op: 'AND', left, right: primary() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (tokens[i]?.toUpperCase() === 'OR') {
      i++;
      left = { op: 'OR', left, right: and() };
    }
    return left;
  };
  if (!tokens.length) fail('empty');
  const e = or();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return e;
}

function judge(e: Expr): Verdict {
  if ('id' in e) return isForbidden(e.id) ? { ok: false, why: `${e.id} is not allowed` } : { ok: true };
  const l = judge(e.left);
  const r = judge(e.right);
  if (e.op === 'OR') return l.ok || r.ok ? { ok: true } : l; // one allowed choice is enough
  return l.ok ? r : l; // every part of an AND applies
}

/** An npm package's declared license: an SPDX expression, or the legacy {type} / [{type}] forms. */
export function npmLicense(pkg: { license?: unknown; licenses?: unknown }): string | undefined {
  const typeOf = (x: unknown) => (typeof x === 'string' ? x : (x as { type?: unknown } | null)?.type);
  const one = typeOf(pkg.license);
  if (typeof one === 'string' && one.trim()) return one.trim();
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses.map(typeOf).filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    // The legacy array lists the licenses one may choose between.
    if (types.length) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return undefined;
}

/** Judges an npm package's license field (missing, UNLICENSED and SEE LICENSE IN … are not accepted unseen). */
export function judgeNpm(license: string | undefined): Verdict {
  if (!license) return { ok: false, why: 'declares no license' };
  if (/^UNLICENSED$/i.test(license) || /^SEE LICEN[CS]E IN/i.test(license))
    return { ok: false, why: `"${license}": not an open-source license the check can read` };
  try {
    return judge(parseSpdx(license));
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
}

/**
 * Judges a Go module from the licenses found in its license files. A file cannot say whether two licenses are
 * alternatives, so any forbidden one fails; a module whose license was not identified fails too, unless it is
 * listed in the overrides (module path → SPDX expression, with the reason in the file).
 */
export function judgeGo(licenses: string[], override?: string): Verdict {
  if (override) return judgeNpm(override);
  if (!licenses.length) return { ok: false, why: 'no license identified in its license files' };
  const bad = licenses.filter(isForbidden);
  return bad.length ? { ok: false, why: `${bad.join(', ')} is not allowed` } : { ok: true };
}
