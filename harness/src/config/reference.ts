import { configSchema } from './validate.ts';

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly $ref?: string;
  readonly allOf?: readonly SchemaNode[];
  readonly additionalProperties?: boolean | SchemaNode;
}

/** Follows a local JSON pointer such as #/$defs/scenario/properties/request. */
function pointer(ref: string): SchemaNode | undefined {
  let node: unknown = configSchema;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node as SchemaNode | undefined;
}

/** Renders the configuration reference (markdown) from the published JSON Schema, so the docs cannot drift. */
export function renderConfigReference(): string {
  const rows: string[] = [];
  walk(configSchema as SchemaNode, '', rows, new Set());
  return [
    '# tracegate.config.yaml reference',
    '',
    '<!-- generated from harness/schema/tracegate.config.schema.json by `npm run tracegate -- schema --markdown`; do not edit -->',
    '',
    'Values may use placeholders: `${kafka.brokers}`, `${otlp.grpcEndpoint}`, `${otlp.httpEndpoint}`,',
    '`${database.<name>}`, `${services.<name>.url}`, `${run.id}` and `${env.<VARIABLE>}`.',
    '',
    '| key | type | required | description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function resolveRef(node: SchemaNode): SchemaNode {
  if (node.$ref) {
    const target = pointer(node.$ref);
    return target ? resolveRef({ ...target, ...(node.description ? { description: node.description } : {}) }) : node;
  }
  const base = node.allOf?.[0];
  return base
    ? { ...resolveRef(base), ...node, properties: { ...resolveRef(base).properties, ...node.properties } }
    : node;
}

function walk(raw: SchemaNode, path: string, rows: string[], seen: Set<string>): void {
  const node = resolveRef(raw);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key === '$schema' || typeof child !== 'object') continue;
    const resolved = resolveRef(child);
    const at = path ? `${path}.${key}` : key;
    const required = node.required?.includes(key) ? 'yes' : '';
    rows.push(
      `| \`${at}\` | ${typeName(resolved)} | ${required} | ${escapeCell(resolved.description ?? child.description ?? '')} |`,
    );
    if (child.$ref && seen.has(child.$ref)) continue;
    const nextSeen = child.$ref ? new Set([...seen, child.$ref]) : seen;
    if (resolved.properties) walk(resolved, at, rows, nextSeen);
    if (resolved.items) {
      const item = resolveRef(resolved.items);
      if (item.properties)
        walk(item, `${at}[]`, rows, resolved.items.$ref ? new Set([...nextSeen, resolved.items.$ref]) : nextSeen);
    }
  }
}

function typeName(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `${typeName(resolveRef(node.items ?? {}))}[]`;
  if (typeof node.additionalProperties === 'object') return 'map of string';
  return Array.isArray(node.type) ? node.type.join(' \\| ') : ((node.type as string | undefined) ?? 'any');
}

const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
