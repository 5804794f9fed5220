// The cluster's events beside the map, newest first: time, what happened (an election with its epoch), why.
// The local cluster's come from its controller (exact, the recent history loaded on open); an external
// cluster's are read off metadata polls, which the list says. A partition event links to its topic.

import { useEffect } from 'react';
import { clearTimeline, loadClusterEvents } from '../../store/map.actions.ts';
import { openTopic } from '../../store/topic.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Timestamp } from '../../format/Timestamp.tsx';

export function Timeline() {
  const { store, bridge } = useApp();
  const events = useAppState((s) => s.timeline);
  const source = useAppState((s) => s.timelineSource);
  const unknown = source === null;
  // On open, and again after a switch of connection (the source is unknown then).
  useEffect(() => {
    void loadClusterEvents(store, bridge);
  }, [store, bridge, unknown]);
  return (
    <aside className="timeline" aria-labelledby="timeline-title">
      <div className="section-head timeline-head">
        <h2 id="timeline-title">Cluster events</h2>
        {events.length > 0 && <button type="button" className="link" onClick={() => clearTimeline(store)}>Clear</button>}
      </div>
      <p className="muted tl-source" data-source={source ?? 'unknown'}>
        {source === 'polled'
          ? 'External cluster: changes read off its metadata every second; one shorter than that may not show.'
          : 'From the controller’s own events, as they happen.'}
      </p>
      {events.length === 0 ? (
        <p className="muted">Nothing has changed since this screen opened. Kill, stop or restart a broker and every consequence shows here.</p>
      ) : (
        <ol className="timeline-list" aria-label="Cluster events">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}-${e.text}`} className={`tl tl-${e.kind}`}>
              <Timestamp className="tl-time" ms={e.at} />
              <span className="tl-text">
                {e.topic ? <button type="button" className="link" onClick={() => void openTopic(store, bridge, e.topic!)}>{e.text}</button> : e.text}
              </span>
              {e.cause && <span className="tl-cause muted">{e.cause}</span>}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
