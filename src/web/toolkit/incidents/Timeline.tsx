import type { StreamState } from '../../api/live';
import type { TimelineItem } from '../../api/escalations';
import { formatDateTime } from '../../ui/format';
import { channelLabel, KIND_LABELS } from './labels';

interface Notified {
  name: string;
  channels: string[];
}

function notifiedOf(item: TimelineItem): Notified[] {
  const n = item.data.notified;
  return Array.isArray(n) ? (n.filter((x) => x && typeof x === 'object' && typeof (x as Notified).name === 'string') as Notified[]) : [];
}

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new events appear here as they happen.',
  reconnecting: 'Connection lost; reconnecting. Nothing is missed: events in between are sent on reconnect.',
  stopped: 'Live updates stopped. Reload the page to see new events.',
  paused: 'Live updates are paused while this tab is in the background.',
};

/** The incident's timeline, oldest first, as it grows. */
export function Timeline({ items, stream }: { items: TimelineItem[]; stream?: StreamState }) {
  return (
    <>
      {stream ? (
        <p className={`live-state live-state--${stream}`}>
          <span className="live-state__dot" aria-hidden="true" /> {STREAM_TEXT[stream]}
        </p>
      ) : null}
      <ol className="timeline" aria-label="Timeline events">
        {items.map((item) => {
          const notified = notifiedOf(item);
          return (
            <li key={item.id} className={`timeline__item timeline__item--${item.kind}`} data-kind={item.kind}>
              <p className="timeline__when">
                <span className="timeline__kind">{KIND_LABELS[item.kind] ?? item.kind}</span> · <time dateTime={item.at}>{formatDateTime(item.at)}</time>
              </p>
              <p className="timeline__title">{item.title}</p>
              {item.body ? <p className="timeline__body">{item.body}</p> : null}
              {item.actorName && !item.title.includes(item.actorName) ? <p className="muted small">By {item.actorName}</p> : null}
              {notified.length ? (
                <p className="small">
                  <span className="muted">Told:</span> {notified.map((n) => `${n.name} (${n.channels.map(channelLabel).join(', ')})`).join('; ')}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
