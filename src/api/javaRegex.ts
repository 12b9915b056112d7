// Java's regular-expression syntax on JS's engine: the one translation every user-supplied regex
// goes through (topics.regex, RegexRouter, TopicNameMatches, env allow-lists, JDBC table lists).
// What JS lacks and patterns use: inline flags, \Q…\E quoting, \A \z \Z anchors, possessive
// quantifiers and atomic groups. Inline flags apply to the whole pattern (JS has no scoped flags).

const JS_FLAGS = 'ims';
/** Java flags with no JS counterpart that change nothing for topic-like names: u (Unicode case), d (Unix lines). */
const IGNORED_FLAGS = 'udx';

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Translates Java syntax to JS; returns the JS source and the flags the inline groups asked for. */
export function translateJavaRegex(source: string): { source: string; flags: string } {
  let out = '';
  let flags = '';
  const addFlags = (fs: string, at: number): void => {
    for (const f of fs) {
      if (JS_FLAGS.includes(f)) {
        if (!flags.includes(f)) flags += f;
      } else if (!IGNORED_FLAGS.includes(f)) {
        throw new SyntaxError(`Unknown inline modifier '${f}' near index ${at}: ${source}`);
      }
    }
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const n = source[i + 1];
      if (n === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        out += escapeLiteral(source.slice(i + 2, end < 0 ? source.length : end));
        i = end < 0 ? source.length : end + 1;
      } else if (n === 'A') {
        out += '(?<![\\s\\S])';
        i++;
      } else if (n === 'z') {
        out += '(?![\\s\\S])';
        i++;
      } else if (n === 'Z') {
        out += '(?=\\n?(?![\\s\\S]))';
        i++;
      } else {
        out += c + (n ?? '');
        i++;
      }
      continue;
    }
    if (c === '[') {
      // A character class is copied as is (escapes included) up to its closing bracket.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      out += source.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]+))?([:)])/.exec(source.slice(i));
      if (m && (m[1] !== '' || m[2] !== undefined)) {
        if (m[2] !== undefined) throw new SyntaxError(`Turning inline flags off ((?-${m[2]})) is not supported near index ${i}: ${source}`);
        addFlags(m[1]!, i);
        if (m[3] === ':') out += '(?:';
        i += m[0].length - 1;
        continue;
      }
      if (source[i + 2] === '>') {
        out += '(?:';
        i += 2;
        continue;
      }
    }
    if (c === '+' && i > 0 && /[*+?}]/.test(source[i - 1]!) && source[i - 2] !== '\\') continue; // possessive → greedy
    out += c;
  }
  return { source: out, flags };
}

/**
 * Compiles a Java regular expression for JS. `fullMatch` anchors it like Java's
 * `Matcher.matches()`; otherwise it finds like `Matcher.find()`. Throws SyntaxError for what
 * neither engine accepts.
 */
export function compileJavaRegex(source: string, fullMatch = false): RegExp {
  const t = translateJavaRegex(source);
  if (!fullMatch) return new RegExp(t.source, t.flags);
  // With (?m), ^ and $ match at lines; a whole-input match must not.
  const [start, end] = t.flags.includes('m') ? ['(?<![\\s\\S])', '(?![\\s\\S])'] : ['^', '$'];
  return new RegExp(`${start}(?:${t.source})${end}`, t.flags);
}
