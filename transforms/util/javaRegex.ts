// Java regular expressions on JS: compiling (via ConfigDef's compileJavaRegex) and Java's
// replacement syntax for Matcher.replaceFirst/replaceAll: $n and ${name} group references, \x for a
// literal x. A replacement is compiled once into parts, so applying it allocates nothing but the result.

import { compileJavaRegex } from 'kconnect';

type Part = string | number;

export interface JavaReplacement {
  readonly parts: readonly Part[];
}

/** The number of capturing groups of a regex, and its named groups with their numbers. */
function groupsOf(regex: RegExp): { count: number; names: Map<string, number> } {
  const probe = new RegExp(`${regex.source}|`, regex.flags).exec('')!;
  const names = new Map<string, number>();
  // Named groups are numbered in order of their opening parenthesis, as in Java.
  let index = 0;
  const src = regex.source;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') { i++; continue; }
    if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (c !== '(') continue;
    if (src[i + 1] !== '?') { index++; continue; }
    const named = /^\(\?<([A-Za-z][A-Za-z0-9]*)>/.exec(src.slice(i));
    if (named) names.set(named[1]!, ++index);
  }
  return { count: probe.length - 1, names };
}

/** Compiles a Java replacement string against `regex`; throws Error with Java's messages when invalid. */
export function compileReplacement(replacement: string, regex: RegExp): JavaReplacement {
  const { count, names } = groupsOf(regex);
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new Error('character to be escaped is missing');
      literal += replacement[i];
      continue;
    }
    if (c !== '$') {
      literal += c;
      continue;
    }
    i++;
    if (i >= replacement.length) throw new Error('Illegal group reference: group index is missing');
    let group: number;
    if (replacement[i] === '{') {
      const end = replacement.indexOf('}', i);
      if (end < 0) throw new Error("named capturing group is missing trailing '}'");
      const name = replacement.slice(i + 1, end);
      if (name.length === 0) throw new Error('named capturing group has 0 length name');
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error('named capturing group is missing trailing \'}\'');
      const n = names.get(name);
      if (n === undefined) throw new Error(`No group with name {${name}}`);
      group = n;
      i = end;
    } else {
      const d = replacement.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new Error('Illegal group reference');
      group = d;
      // Java keeps reading digits while the number stays a valid group.
      while (i + 1 < replacement.length) {
        const next = replacement.charCodeAt(i + 1) - 48;
        if (next < 0 || next > 9 || group * 10 + next > count) break;
        group = group * 10 + next;
        i++;
      }
      if (group > count) throw new Error(`No group ${group}`);
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push(group);
  }
  if (literal) parts.push(literal);
  return { parts };
}

/** The replacement text for one match (unmatched groups add nothing, as in Java). */
export function expandReplacement(r: JavaReplacement, match: RegExpExecArray): string {
  let out = '';
  for (const p of r.parts) out += typeof p === 'string' ? p : (match[p] ?? '');
  return out;
}

/** A Java pattern compiled twice: anchored for Matcher.matches(), unanchored for find(). */
export class JavaPattern {
  readonly full: RegExp;
  readonly find: RegExp;

  constructor(readonly source: string) {
    this.full = compileJavaRegex(source, true);
    this.find = compileJavaRegex(source, false);
  }

  matches(s: string): boolean {
    return this.full.test(s);
  }

  /** Matcher.replaceFirst: the first match found replaced; the input itself when nothing matches. */
  replaceFirst(s: string, replacement: JavaReplacement): string {
    const m = this.find.exec(s);
    if (m === null) return s;
    return s.slice(0, m.index) + expandReplacement(replacement, m) + s.slice(m.index + m[0].length);
  }

  toString(): string {
    return this.source;
  }
}
