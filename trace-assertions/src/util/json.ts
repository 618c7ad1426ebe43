/** Reads `value` as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads `value` as an array; absent (undefined/null) is an empty array, anything else is undefined. */
export function asArray(value: unknown): readonly unknown[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : undefined;
}

/** Reads `value` as a string, or the fallback. */
export function asString(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

const snakeNames = new Map<string, string>();

function snakeOf(camel: string): string {
  let snake = snakeNames.get(camel);
  if (snake === undefined) {
    snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(camel, snake);
  }
  return snake;
}

/** Picks a field by its lowerCamelCase name or its snake_case protobuf name. */
export function field(record: Record<string, unknown>, camel: string): unknown {
  const value = record[camel];
  if (value !== undefined || camel in record) return value;
  return record[snakeOf(camel)];
}
