/** A direction of an arrow key. */
export type Direction = 'up' | 'down' | 'left' | 'right';

interface Placed { readonly id: string; readonly x: number; readonly y: number }

/**
 * The node an arrow key moves to: the nearest one in that direction, where moving across the
 * arrow's axis costs twice as much as moving along it (so Down stays in the column). With no
 * selection, the node nearest the centre of the map.
 */
export function nextNodeInDirection(nodes: readonly Placed[], from: Placed | undefined, direction: Direction): string | undefined {
  if (from === undefined) {
    let best: Placed | undefined;
    for (const n of nodes) if (!best || Math.hypot(n.x, n.y) < Math.hypot(best.x, best.y)) best = n;
    return best?.id;
  }
  let bestId: string | undefined;
  let bestCost = Infinity;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const dx = n.x - from.x;
    const dy = n.y - from.y;
    const along = direction === 'up' ? -dy : direction === 'down' ? dy : direction === 'left' ? -dx : dx;
    const across = direction === 'up' || direction === 'down' ? Math.abs(dx) : Math.abs(dy);
    if (along <= 0) continue;
    const cost = along + 2 * across;
    if (cost < bestCost) {
      bestCost = cost;
      bestId = n.id;
    }
  }
  return bestId;
}
