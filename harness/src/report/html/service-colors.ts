// Colour-blind-friendly palette (Okabe–Ito, darkened for contrast on white), then a few extra hues.
const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b8860b', '#56b4e9', '#6a3d9a', '#8c564b', '#e69f00'];

/** Assigns each service a stable colour by order of first appearance. */
export function serviceColors(services: readonly string[]): ReadonlyMap<string, string> {
  return new Map(services.map((service, i) => [service, palette[i % palette.length] ?? '#666']));
}
