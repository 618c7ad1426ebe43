import { SelectorSyntaxError } from '../errors.ts';

/** A token of the selector language; `column` is 1-based. */
export interface Token {
  readonly type: 'word' | 'string' | 'number' | 'punct' | 'space' | 'end';
  readonly text: string;
  readonly value: string | number;
  readonly column: number;
}

const PUNCT = ['~>', '>>', '!=', '<=', '>=', '[', ']', '(', ')', ',', ':', '=', '<', '>'];
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function readString(selector: string, start: number): Token {
  const quote = selector[start];
  let value = '';
  let i = start + 1;
  while (i < selector.length && selector[i] !== quote) {
    if (selector[i] === '\\' && i + 1 < selector.length) i += 1;
    value += selector[i];
    i += 1;
  }
  if (i >= selector.length) throw new SelectorSyntaxError(selector, start + 1, 'unterminated string');
  return { type: 'string', text: selector.slice(start, i + 1), value, column: start + 1 };
}

function readNumber(selector: string, start: number): Token {
  const match = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)?/.exec(selector.slice(start));
  const text = match?.[0] ?? '';
  const unit = match?.[2];
  const number = Number.parseFloat(text);
  const value = unit === undefined ? number : number * (UNITS[unit] ?? 1);
  return { type: 'number', text, value, column: start + 1 };
}

/** Splits a selector into tokens, keeping whitespace runs (they are the descendant combinator). */
export function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const rest = selector.slice(i);
    const space = /^\s+/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_\-.]*/.exec(rest);
    const punct = PUNCT.find((p) => rest.startsWith(p));
    let token: Token;
    if (space) token = { type: 'space', text: space[0], value: space[0], column: i + 1 };
    else if (rest[0] === '"' || rest[0] === "'") token = readString(selector, i);
    else if (/^-?\d/.test(rest)) token = readNumber(selector, i);
    else if (word) token = { type: 'word', text: word[0], value: word[0], column: i + 1 };
    else if (punct) token = { type: 'punct', text: punct, value: punct, column: i + 1 };
    else throw new SelectorSyntaxError(selector, i + 1, `unexpected character ${JSON.stringify(rest[0])}`);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ type: 'end', text: '', value: '', column: selector.length + 1 });
  return tokens;
}
