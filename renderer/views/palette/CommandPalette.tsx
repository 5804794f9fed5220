// Ctrl/Cmd-K from anywhere: type a few letters of a screen, topic, group or broker, arrows to choose, Enter
// to go there (through the router, so Back returns). Escape closes it.

import { useEffect, useMemo, useState } from 'react';
import { applyRoute } from '../../store/route.actions.ts';
import { useApp } from '../../store/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { commandsOf, matchCommands } from './commands.ts';

export function CommandPalette() {
  const { store, bridge } = useApp();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setQuery('');
        setAt(0);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const hits = useMemo(() => (open ? matchCommands(commandsOf(store.getState()), query) : []), [open, query, store]);
  const go = (i: number) => {
    const c = hits[i];
    if (!c) return;
    setOpen(false);
    void applyRoute(store, bridge, c.route);
  };
  return (
    <Dialog title="Go to" open={open} onClose={() => setOpen(false)}>
      <div className="palette">
        <input autoFocus aria-label="Go to a screen, topic, group or broker" placeholder="Screen, topic, group or broker…" value={query}
          onChange={(e) => { setQuery(e.target.value); setAt(0); }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setAt((n) => Math.min(hits.length - 1, n + 1)); }
            if (e.key === 'ArrowUp') { e.preventDefault(); setAt((n) => Math.max(0, n - 1)); }
            if (e.key === 'Enter') { e.preventDefault(); go(at); }
          }} />
        <ul role="listbox" aria-label="Matches" className="palette-list">
          {hits.map((c, i) => (
            <li key={`${c.hint}:${c.label}`} role="option" aria-selected={i === at} className={i === at ? 'palette-hit palette-at' : 'palette-hit'} onMouseDown={(e) => { e.preventDefault(); go(i); }}>
              <span>{c.label}</span> <span className="muted">{c.hint}</span>
            </li>
          ))}
          {hits.length === 0 && <li className="muted">Nothing matches “{query}”.</li>}
        </ul>
        <p className="muted palette-keys">↑ ↓ to choose · Enter to go · Esc to close · Alt+1…8 for the screens</p>
      </div>
    </Dialog>
  );
}
