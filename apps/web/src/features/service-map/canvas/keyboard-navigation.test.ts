import { describe, expect, it } from 'vitest';
import { nextNodeInDirection } from './keyboard-navigation.js';

const nodes = [
  { id: 'focus', x: 0, y: 0 },
  { id: 'client', x: -300, y: 10 },
  { id: 'server-a', x: 300, y: -60 },
  { id: 'server-b', x: 300, y: 60 },
];

describe('nextNodeInDirection', () => {
  it('starts at the node nearest the centre', () => {
    expect(nextNodeInDirection(nodes, undefined, 'right')).toBe('focus');
  });

  it('moves across columns with left and right and within a column with up and down', () => {
    const at = (id: string) => nodes.find((n) => n.id === id);
    expect(nextNodeInDirection(nodes, at('focus'), 'left')).toBe('client');
    expect(nextNodeInDirection(nodes, at('focus'), 'right')).toBe('server-a');
    expect(nextNodeInDirection(nodes, at('server-a'), 'down')).toBe('server-b');
    expect(nextNodeInDirection(nodes, at('server-b'), 'down')).toBeUndefined();
  });
});
