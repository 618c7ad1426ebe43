/** What a `${{ }}` expression can see while the local runner executes a composite action. */
export interface ExpressionContext {
  readonly inputs: Readonly<Record<string, string>>;
  readonly steps: Readonly<Record<string, { readonly outputs: Readonly<Record<string, string>> }>>;
  readonly env: Readonly<Record<string, string>>;
  readonly github: Readonly<Record<string, string>>;
  readonly failed: boolean;
}

// Only the expression forms the action uses; anything else throws, so the action cannot drift past what is tested.
function value(term: string, ctx: ExpressionContext): string {
  const t = term.trim();
  const literal = /^'((?:[^']|'')*)'$/.exec(t);
  if (literal) return (literal[1] ?? '').replace(/''/g, "'");
  const path = /^(inputs|env|github)\.([\w-]+)$/.exec(t);
  if (path?.[1] && path[2]) return ctx[path[1] as 'inputs' | 'env' | 'github'][path[2]] ?? '';
  const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(t);
  if (step?.[1] && step[2]) return ctx.steps[step[1]]?.outputs[step[2]] ?? '';
  throw new Error(`unsupported expression: ${t}`);
}

/** Replaces every `${{ expr }}` in a string. */
export function substitute(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => value(expr, ctx));
}

function condition(term: string, ctx: ExpressionContext): boolean {
  const t = term.trim();
  if (t === 'always()') return true;
  if (t === 'success()') return !ctx.failed;
  if (t === 'failure()') return ctx.failed;
  const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(t);
  if (cmp?.[1] && cmp[2] && cmp[3]) {
    const equal = value(cmp[1], ctx) === value(cmp[3], ctx);
    return cmp[2] === '==' ? equal : !equal;
  }
  throw new Error(`unsupported condition: ${t}`);
}

/** Evaluates a step's `if:` (terms joined by &&); like Actions, no status function means success() too. */
export function shouldRun(expression: string | undefined, ctx: ExpressionContext): boolean {
  const source = (expression ?? 'success()').replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const terms = source.split('&&');
  const hasStatus = terms.some((t) => /^(always|success|failure|cancelled)\(\)$/.test(t.trim()));
  return (hasStatus || !ctx.failed) && terms.every((t) => condition(t, ctx));
}
