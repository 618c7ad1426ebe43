import { type ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';
import { HarnessError } from '../errors.ts';

/** Where in a text a problem is: 1-based line and column (UTF-16 code units, as editors count). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** JSON text that is not strict JSON (RFC 8259, no repeated key); the message names `file:line:column` and quotes it. */
export class DocumentSyntaxError extends HarnessError {
  override readonly name: string = 'DocumentSyntaxError';
  /** Where the problem is, when the reader could place it. */
  readonly position: TextPosition | undefined;
  /** The message without the file name: `line:column: reason` and the excerpt, for a caller that names the file. */
  readonly detail: string;
  /** What is wrong, without the file name and position. */
  readonly reason: string;
  /** A syntax error, or a key written twice in one object (which YAML readers refuse as well). */
  readonly problem: 'syntax' | 'duplicate-key';

  constructor(input: {
    where: string;
    reason: string;
    problem: 'syntax' | 'duplicate-key';
    position?: TextPosition;
    excerpt?: string;
  }) {
    const at = input.position ? `${input.position.line}:${input.position.column}: ` : '';
    const detail = `${at}${input.reason}${input.excerpt ? `\n${input.excerpt}` : ''}`;
    super('CONFIG_INVALID', `${input.where}:${at ? '' : ' '}${detail}`);
    this.detail = detail;
    this.position = input.position;
    this.reason = input.reason;
    this.problem = input.problem;
  }
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/**
 * Parses strict JSON: a syntax error or a key repeated in one object throws a `DocumentSyntaxError` at its
 * `line:column` with an excerpt (also for minified, one-line text). A leading byte order mark is ignored.
 * @example parseJsonText('{"a": 1}', 'pact.json') // { a: 1 }
 */
export function parseJsonText(text: string, where: string): unknown {
  const body = withoutBom(text);
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    throw syntaxError(body, where, error as Error);
  }
  const duplicate = firstDuplicateKey(body);
  if (duplicate) {
    const { key, at, first } = duplicate;
    throw new DocumentSyntaxError({
      where,
      reason: `invalid JSON: key "${key}" is repeated in one object (first at ${first.line}:${first.column}); JSON readers disagree on which value wins`,
      problem: 'duplicate-key',
      position: at,
      excerpt: excerptAt(body, at),
    });
  }
  return value;
}

/** The text without a UTF-8 byte order mark, which `JSON.parse` refuses and editors on Windows write. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first key written twice in the same object, with both positions; one scan, no tree. */
function firstDuplicateKey(text: string): { key: string; at: TextPosition; first: TextPosition } | undefined {
  const objects: Map<string, TextPosition>[] = [];
  let found: { key: string; at: TextPosition; first: TextPosition } | undefined;
  visit(text, {
    onObjectBegin: () => {
      objects.push(new Map());
    },
    onObjectEnd: () => {
      objects.pop();
    },
    onObjectProperty: (key, _offset, _length, line, character) => {
      const keys = objects.at(-1);
      const at = { line: line + 1, column: character + 1 };
      const first = keys?.get(key);
      if (first && !found) found = { key, at, first };
      else keys?.set(key, at);
    },
  });
  return found;
}

/** A syntax error placed by a strict scan; `JSON.parse`'s own message when the scan finds nothing to blame. */
function syntaxError(text: string, where: string, parseError: Error): DocumentSyntaxError {
  let found: { code: ParseErrorCode; offset: number } | undefined;
  const onError = (code: ParseErrorCode, offset: number): void => {
    found ??= { code, offset };
  };
  visit(text, { onError }, STRICT);
  if (!found)
    return new DocumentSyntaxError({ where, reason: `invalid JSON: ${parseError.message}`, problem: 'syntax' });
  const { offset, reason } = describeSyntax(text, found.code, found.offset);
  const position = positionAt(text, offset);
  return new DocumentSyntaxError({
    where,
    reason: `invalid JSON: ${reason}`,
    problem: 'syntax',
    position,
    excerpt: excerptAt(text, position),
  });
}

const SYNTAX: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," or the end of the object/array',
  CloseBraceExpected: 'expected "}": the object is not closed',
  CloseBracketExpected: 'expected "]": the array is not closed',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'comments are not JSON',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is cut off',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'a control character inside a string (escape it)',
};

/** What the scanner's error code means here; a trailing comma is reported at the comma. */
function describeSyntax(text: string, code: ParseErrorCode, offset: number): { offset: number; reason: string } {
  const name = printParseErrorCode(code);
  const closer = text[offset] ?? '';
  const comma = text.slice(0, offset).trimEnd().length - 1;
  if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && /^[}\]]$/.test(closer) && text[comma] === ',')
    return { offset: comma, reason: `trailing comma before "${closer}" (JSON allows none)` };
  const reason = SYNTAX[name] ?? name;
  return { offset, reason: offset >= text.length ? `${reason} (the text ends here)` : reason };
}

/** 1-based line and column of an offset. */
function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

const WINDOW = 40;

/** The line at `position`, cut to a window around the column for long (minified) lines, and a caret under it. */
export function excerptAt(text: string, position: TextPosition): string {
  let start = 0;
  for (let line = 1; line < position.line; line += 1) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  const index = position.column - 1;
  const from = Math.max(0, index - WINDOW);
  const to = Math.min(lineText.length, index + WINDOW);
  const shown = `${from > 0 ? '…' : ''}${lineText.slice(from, to).replaceAll('\t', ' ')}${to < lineText.length ? '…' : ''}`;
  const caret = index - from + (from > 0 ? 1 : 0);
  return `  ${shown}\n  ${' '.repeat(caret)}^`;
}
