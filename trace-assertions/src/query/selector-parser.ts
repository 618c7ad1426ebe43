import { SelectorSyntaxError } from '../errors.ts';
import type { Literal, SpanQuery } from '../types.ts';
import { FilterSet } from './selector-filters.ts';
import { type Token, tokenize } from './selector-lexer.ts';

/** Options of parseSelector. */
export interface ParseSelectorOptions {
  /** Let the descendant combinator (a space) also follow span links, like `>>`. */
  readonly followLinks?: boolean;
}

type Combinator = ' ' | '>' | '~>' | '>>';

class Parser {
  readonly #selector: string;
  readonly #tokens: Token[];
  readonly #followLinks: boolean;
  #pos = 0;

  constructor(selector: string, options: ParseSelectorOptions) {
    this.#selector = selector;
    this.#tokens = tokenize(selector);
    this.#followLinks = options.followLinks ?? false;
  }

  #peek(skipSpace = true): Token {
    let i = this.#pos;
    while (skipSpace && this.#tokens[i]?.type === 'space') i += 1;
    return this.#tokens[i] ?? (this.#tokens.at(-1) as Token);
  }

  #next(skipSpace = true): Token {
    while (skipSpace && this.#tokens[this.#pos]?.type === 'space') this.#pos += 1;
    const token = this.#peek(false);
    this.#pos += 1;
    return token;
  }

  #fail(token: Token, problem: string): never {
    throw new SelectorSyntaxError(this.#selector, token.column, problem);
  }

  #expect(text: string): Token {
    const token = this.#next();
    if (token.text !== text) this.#fail(token, `expected "${text}" but found ${describe(token)}`);
    return token;
  }

  parse(): SpanQuery {
    if (this.#peek().type === 'end') return {};
    const groups = [this.#group()];
    while (this.#peek().text === ',') {
      this.#next();
      groups.push(this.#group());
    }
    const end = this.#next();
    if (end.type !== 'end') this.#fail(end, `unexpected ${describe(end)}`);
    return groups.length === 1 ? (groups[0] as SpanQuery) : { anyOf: groups };
  }

  #group(): SpanQuery {
    let query = this.#step();
    for (;;) {
      const combinator = this.#combinator();
      if (combinator === undefined) return query;
      const next = this.#step();
      query = { ...next, ...this.#relation(combinator, query) };
    }
  }

  #relation(combinator: Combinator, previous: SpanQuery): SpanQuery {
    if (combinator === '>') return { parent: previous };
    if (combinator === '~>') return { linksTo: previous };
    if (combinator === '>>' || this.#followLinks) return { ancestorOrLinked: previous };
    return { ancestor: previous };
  }

  #combinator(): Combinator | undefined {
    const hadSpace = this.#tokens[this.#pos]?.type === 'space';
    const token = this.#peek();
    if (token.text === '>' || token.text === '~>' || token.text === '>>') {
      this.#next();
      return token.text;
    }
    if (hadSpace && token.type === 'word') return ' ';
    return undefined;
  }

  #step(): SpanQuery {
    const head = this.#next();
    if (head.text !== 'span') this.#fail(head, `expected "span" but found ${describe(head)}`);
    const filters = new FilterSet(this.#selector);
    if (this.#peek(false).text === '[') {
      this.#next(false);
      while (this.#peek().text !== ']') {
        if (this.#peek().type === 'end') this.#fail(this.#peek(), 'expected "]" but found the end of the selector');
        if (this.#peek().text === ',') this.#next();
        this.#filter(filters);
      }
      this.#expect(']');
    }
    const query = filters.toQuery();
    while (this.#peek(false).text === ':') {
      this.#next(false);
      const pseudo = this.#next(false);
      if (pseudo.text === 'first' || pseudo.text === 'last') query.pick = pseudo.text;
      else if (pseudo.text === 'nth_child') query.pick = { nth: this.#nth() };
      else this.#fail(pseudo, `unknown pseudo-class ${describe(pseudo)} (use :first, :last or :nth_child(n))`);
    }
    return query;
  }

  #nth(): number {
    this.#expect('(');
    const value = this.#next();
    if (value.type !== 'number' || !Number.isInteger(value.value) || (value.value as number) < 1) {
      this.#fail(value, 'nth_child needs a positive integer');
    }
    this.#expect(')');
    return value.value as number;
  }

  #filter(filters: FilterSet): void {
    const property = this.#next();
    if (property.type !== 'word') this.#fail(property, `expected an attribute name but found ${describe(property)}`);
    const operator = this.#next();
    const isOperator = operator.type === 'punct' || operator.text === 'contains' || operator.text === 'not-contains';
    if (!isOperator || [']', '[', ',', '(', ')', ':'].includes(operator.text)) {
      this.#fail(
        operator,
        `expected an operator (=, !=, <, >, <=, >=, contains, not-contains) but found ${describe(operator)}`,
      );
    }
    const value = this.#next();
    filters.add(String(property.value), operator.text, this.#literal(value), value.column);
  }

  #literal(token: Token): Literal {
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    return this.#fail(token, `expected a value ("text", a number, true or false) but found ${describe(token)}`);
  }
}

function describe(token: Token): string {
  return token.type === 'end' ? 'the end of the selector' : JSON.stringify(token.text);
}

/**
 * Parses a Tracetest-style selector into a SpanQuery; throws SELECTOR_SYNTAX pointing at the column.
 * @example parseSelector('span[service.name="order-service" kind="producer"] span[kind="consumer"]')
 */
export function parseSelector(selector: string, options: ParseSelectorOptions = {}): SpanQuery {
  return new Parser(selector, options).parse();
}
