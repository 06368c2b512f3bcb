import { useEffect, useRef } from 'react';

/** The machine menu: Load Server Map (refocus), expand or collapse, Show/Hide Self-Links. */
export function MachineMenu({ x, y, canRefocus, expanded, selfLinks, onRefocus, onToggle, onSelfLinks, onClose }: {
  readonly x: number;
  readonly y: number;
  readonly canRefocus: boolean;
  readonly expanded: boolean;
  readonly selfLinks: boolean;
  readonly onRefocus: () => void;
  readonly onToggle: () => void;
  readonly onSelfLinks: () => void;
  readonly onClose: () => void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onDown = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', onDown);
    return () => { window.removeEventListener('mousedown', onDown); };
  }, [onClose]);
  const act = (action: () => void) => () => { action(); onClose(); };
  return (
    <div ref={menu} role="menu" className="machine-menu" style={{ left: x, top: y }} aria-label="Machine menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
          const at = items.indexOf(document.activeElement as HTMLButtonElement);
          items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        }
      }}>
      {canRefocus && <button type="button" role="menuitem" onClick={act(onRefocus)}>Load Server Map</button>}
      <button type="button" role="menuitem" onClick={act(onToggle)}>{expanded ? 'Collapse' : 'Expand'}</button>
      <button type="button" role="menuitem" onClick={act(onSelfLinks)}>{selfLinks ? 'Hide Self-Links' : 'Show Self-Links'}</button>
    </div>
  );
}
