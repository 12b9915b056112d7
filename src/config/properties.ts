// java.util.Properties syntax, exactly as Properties.load reads it, so users' existing Kafka
// Connect .properties files work unchanged:
//
// - lines starting (after white space) with `#` or `!` are comments; blank lines are skipped;
// - the key ends at the first unescaped `=`, `:` or white space (space, tab, form feed); white
//   space around the separator is dropped, and one `=`/`:` after white space is the separator;
//   trailing white space of the value is kept;
// - a line ending in an odd number of backslashes continues on the next line, whose leading white
//   space is dropped; a comment line never continues;
// - escapes: \t \n \r \f \uXXXX; a backslash before any other char yields that char (`\=`, `\:`,
//   `\ `, `\#`, `\\`); a key with no value maps to "";
// - line ends are LF, CRLF or CR; the last of duplicate keys wins (the Map keeps the key at the
//   place it first appeared);
// - `${...}` is left as it is (config providers resolve it elsewhere).
//
// Encoding: Kafka reads these files with Properties.load(InputStream), i.e. as ISO-8859-1. We read
// them as UTF-8, which is what editors write today and is identical for ASCII and for `\uXXXX`
// escapes; a file that is not valid UTF-8 is read as ISO-8859-1, exactly as Java would. A leading
// UTF-8 byte order mark is dropped (Java would make it part of the first key).

import { open } from 'node:fs/promises';
import { ConfigException } from '../data/errors.js';

/** A syntax error in a properties file, with the file and the line of the logical line's start. */
export class PropertiesSyntaxError extends ConfigException {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

interface LogicalLine {
  text: string;
  line: number;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\f';

/** Splits `text` into logical lines as java.util.Properties' LineReader does. */
function* logicalLines(text: string): Generator<LogicalLine> {
  const n = text.length;
  let pos = 0;
  let lineNo = 1;
  // Consumes the LF of a CRLF and counts the line break.
  const endOfPhysicalLine = (c: string): void => {
    if (c === '\r' && pos < n && text.charCodeAt(pos) === 0x0a) pos++;
    lineNo++;
  };

  let buf = '';
  let startLine = 0;
  let skipWhiteSpace = true;
  let appendedLineBegin = false;
  let precedingBackslash = false;

  while (pos < n) {
    const c = text[pos++]!;
    if (skipWhiteSpace) {
      if (isBlank(c)) continue;
      if (!appendedLineBegin && (c === '\r' || c === '\n')) {
        endOfPhysicalLine(c);
        continue;
      }
      skipWhiteSpace = false;
      appendedLineBegin = false;
    }
    if (buf.length === 0 && (c === '#' || c === '!')) {
      // A comment: skip to the end of the physical line, whatever it ends with.
      while (pos < n) {
        const d = text[pos++]!;
        if (d === '\n' || d === '\r') {
          endOfPhysicalLine(d);
          break;
        }
      }
      startLine = 0;
      skipWhiteSpace = true;
      continue;
    }
    if (c !== '\n' && c !== '\r') {
      if (startLine === 0) startLine = lineNo;
      buf += c;
      precedingBackslash = c === '\\' ? !precedingBackslash : false;
      continue;
    }
    // End of a physical line.
    endOfPhysicalLine(c);
    if (buf.length === 0) {
      startLine = 0;
      skipWhiteSpace = true;
      continue;
    }
    if (precedingBackslash) {
      // The backslash is not part of the line; the next line continues this one.
      buf = buf.slice(0, -1);
      skipWhiteSpace = true;
      appendedLineBegin = true;
      precedingBackslash = false;
      continue;
    }
    yield { text: buf, line: startLine };
    buf = '';
    startLine = 0;
    skipWhiteSpace = true;
  }
  if (buf.length > 0) {
    yield { text: precedingBackslash ? buf.slice(0, -1) : buf, line: startLine };
  }
}

/** Resolves escapes in a key or value (Properties.loadConvert). */
function unescape(s: string, source: string, line: number): string {
  if (!s.includes('\\')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i++]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (i >= s.length) break; // a lone trailing backslash stands for nothing
    const e = s[i++]!;
    switch (e) {
      case 'u': {
        const hex = s.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError(source, line, 'Malformed \\uxxxx encoding');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      default: out += e;
    }
  }
  return out;
}

/**
 * Parses java.util.Properties text into a Map in file order. `source` names the text in error
 * messages (`<source>:<line>: Malformed \uxxxx encoding`).
 */
export function parseProperties(text: string, source = '<string>'): Map<string, string> {
  const result = new Map<string, string>();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (const { text: line, line: lineNo } of logicalLines(text)) {
    const limit = line.length;
    let keyLen = 0;
    let valueStart = limit;
    let hasSep = false;
    let precedingBackslash = false;
    while (keyLen < limit) {
      const c = line[keyLen]!;
      if ((c === '=' || c === ':') && !precedingBackslash) {
        valueStart = keyLen + 1;
        hasSep = true;
        break;
      }
      if (isBlank(c) && !precedingBackslash) {
        valueStart = keyLen + 1;
        break;
      }
      precedingBackslash = c === '\\' ? !precedingBackslash : false;
      keyLen++;
    }
    while (valueStart < limit) {
      const c = line[valueStart]!;
      if (!isBlank(c)) {
        if (!hasSep && (c === '=' || c === ':')) hasSep = true;
        else break;
      }
      valueStart++;
    }
    const key = unescape(line.slice(0, keyLen), source, lineNo);
    const value = unescape(line.slice(valueStart), source, lineNo);
    result.set(key, value);
  }
  return result;
}

/** Decodes file bytes: UTF-8, or ISO-8859-1 (Java's reading) when the bytes are not valid UTF-8. */
export function decodePropertiesBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Node's 'latin1' is true ISO-8859-1 (every byte to the same code point), unlike the
    // WHATWG TextDecoder label of that name, which is windows-1252.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/**
 * Worker and connector files are read whole into memory and parsed; a config that large is a
 * mistake (a log or a data file named by accident), and the REST API takes no larger body either.
 */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** Reads a worker or connector file, refusing one over MAX_CONFIG_FILE_BYTES. Errors name the file. */
export async function readConfigFile(path: string, what = 'properties file'): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_CONFIG_FILE_BYTES) {
        throw new ConfigException(`${path}: the ${what} is ${size} bytes; a worker or connector file may be at most ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB)`);
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof ConfigException) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory'
      : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigException(`${path}: cannot read ${what}: ${why}`);
  }
}

/** Reads and parses a properties file. Errors name the file. */
export async function loadPropertiesFile(path: string): Promise<Map<string, string>> {
  return parseProperties(decodePropertiesBytes(await readConfigFile(path)), path);
}
