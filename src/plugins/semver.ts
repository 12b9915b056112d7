// Just enough of npm's semver to answer "does this kconnect version satisfy the range a plugin's
// package.json declares for it": versions `1.2.3[-pre][+build]`, and ranges made of comparators
// (`<`, `<=`, `>`, `>=`, `=`), x-ranges (`1.x`, `1.2.*`, `*`, ``), tilde (`~1.2`), caret (`^0.1.0`),
// hyphen ranges (`1.0.0 - 2.x`) and `||`. As in npm, a prerelease version only satisfies a
// comparator set in which some comparator names the same major.minor.patch with a prerelease.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

type Op = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Op;
  v: SemVer;
}

const NUM = '0|[1-9]\\d*';
const VERSION_RE = new RegExp(`^v?(${NUM})\\.(${NUM})\\.(${NUM})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$`);
const PARTIAL_RE = /^v?(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?)?)?$/;

export function parseVersion(text: string): SemVer | null {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: parsePrerelease(m[4]) };
}

function parsePrerelease(text: string | undefined): (string | number)[] {
  return text ? text.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
}

export function compareVersions(a: SemVer, b: SemVer): number {
  const main = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (main !== 0) return Math.sign(main);
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length === 0 ? 0 : a.prerelease.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: (string | number)[];
}

function parsePartial(text: string): Partial | null {
  const m = PARTIAL_RE.exec(text);
  if (!m) return null;
  const num = (s: string | undefined) => (s === undefined || s === '*' || s === 'x' || s === 'X' ? undefined : Number(s));
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  return { major, minor, patch, prerelease: patch === undefined ? [] : parsePrerelease(m[4]) };
}

const v = (major: number, minor: number, patch: number, prerelease: (string | number)[] = []): SemVer => ({ major, minor, patch, prerelease });
/** The lowest version the partial admits (missing parts are 0). */
const low = (p: Partial): SemVer => v(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.prerelease);

/** One space-separated token (after operators were glued to their versions) → comparators. */
function tokenComparators(token: string): Comparator[] | null {
  if (token === '*' || token === 'x' || token === 'X' || token === '') return [];
  const op = /^(<=|>=|<|>|=|~>|~|\^)?(.*)$/.exec(token)!;
  const prefix = op[1] ?? '';
  const p = parsePartial(op[2]!);
  if (!p) return null;
  const { major, minor, patch } = p;
  if (prefix === '~' || prefix === '~>') {
    if (major === undefined) return [];
    const upper = minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0);
    return [{ op: '>=', v: low(p) }, { op: '<', v: withLowestPre(upper) }];
  }
  if (prefix === '^') {
    if (major === undefined) return [];
    let upper: SemVer;
    if (major > 0 || minor === undefined) upper = v(major + 1, 0, 0);
    else if (minor > 0 || patch === undefined) upper = v(0, minor + 1, 0);
    else upper = v(0, 0, patch + 1);
    return [{ op: '>=', v: low(p) }, { op: '<', v: withLowestPre(upper) }];
  }
  if (prefix === '' || prefix === '=') {
    if (major === undefined) return [];
    if (minor === undefined) return [{ op: '>=', v: low(p) }, { op: '<', v: withLowestPre(v(major + 1, 0, 0)) }];
    if (patch === undefined) return [{ op: '>=', v: low(p) }, { op: '<', v: withLowestPre(v(major, minor + 1, 0)) }];
    return [{ op: '=', v: low(p) }];
  }
  // <, <=, >, >= with a partial version.
  if (major === undefined) return prefix === '<' || prefix === '>' ? [{ op: '<', v: v(0, 0, 0, [0]) }] : [];
  if (patch !== undefined) return [{ op: prefix as Op, v: low(p) }];
  const next = minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0);
  switch (prefix) {
    case '>': return [{ op: '>=', v: next }];
    case '>=': return [{ op: '>=', v: low(p) }];
    case '<': return [{ op: '<', v: withLowestPre(low(p)) }];
    default: return [{ op: '<', v: withLowestPre(next) }]; // '<='
  }
}

/** `<1.0.0` in npm excludes 1.0.0's prereleases too: compare against 1.0.0-0. */
function withLowestPre(s: SemVer): SemVer {
  return s.prerelease.length ? s : { ...s, prerelease: [0] };
}

function hyphenComparators(from: string, to: string): Comparator[] | null {
  const a = parsePartial(from);
  const b = parsePartial(to);
  if (!a || !b) return null;
  const out: Comparator[] = a.major === undefined ? [] : [{ op: '>=', v: low(a) }];
  if (b.major === undefined) return out;
  if (b.minor === undefined) out.push({ op: '<', v: withLowestPre(v(b.major + 1, 0, 0)) });
  else if (b.patch === undefined) out.push({ op: '<', v: withLowestPre(v(b.major, b.minor + 1, 0)) });
  else out.push({ op: '<=', v: low(b) });
  return out;
}

/** Parses a range into sets of comparators (any set may match); null when it is not a range. */
export function parseRange(range: string): Comparator[][] | null {
  const sets: Comparator[][] = [];
  for (const part of range.split('||')) {
    const text = part.trim().replace(/(<=|>=|<|>|=|~>|~|\^)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
      const set = hyphenComparators(hyphen[1]!, hyphen[2]!);
      if (!set) return null;
      sets.push(set);
      continue;
    }
    const set: Comparator[] = [];
    for (const token of text.split(/\s+/)) {
      const cs = tokenComparators(token);
      if (!cs) return null;
      set.push(...cs);
    }
    sets.push(set);
  }
  return sets;
}

function test(c: Comparator, version: SemVer): boolean {
  const cmp = compareVersions(version, c.v);
  switch (c.op) {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
    default: return cmp === 0;
  }
}

/** True when `version` satisfies `range` (npm semantics); false for an unparsable version or range. */
export function satisfies(version: string, range: string): boolean {
  const ver = parseVersion(version);
  const sets = parseRange(range);
  if (!ver || !sets) return false;
  return sets.some((set) => {
    if (!set.every((c) => test(c, ver))) return false;
    if (ver.prerelease.length === 0) return true;
    return set.some((c) => c.v.prerelease.length > 0 && c.v.major === ver.major && c.v.minor === ver.minor && c.v.patch === ver.patch);
  });
}
