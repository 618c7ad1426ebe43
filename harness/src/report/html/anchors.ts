import { slug } from './safe-html.ts';

/** Anchor id of a gate section. */
export function gateAnchor(gateIndex: number, name: string): string {
  return `gate-${gateIndex}-${slug(name)}`;
}

/** Anchor id of one check inside a gate. */
export function checkAnchor(gateIndex: number, checkIndex: number): string {
  return `check-${gateIndex}-${checkIndex}`;
}

/** Key that makes span and hop anchors of one scenario unique in the page. */
export function scenarioKey(gateIndex: number, scenarioIndex: number): string {
  return `${gateIndex}-${scenarioIndex}`;
}
