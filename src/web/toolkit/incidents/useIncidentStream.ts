import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { incidentStreamUrl, type TimelineItem } from '../../api/escalations';
import { useEventStream, type StreamState } from '../../api/live';
import { useAnnounce } from '../../ui/Announcer';

/**
 * Keeps an incident's timeline current over Server-Sent Events: new events are appended to the
 * timeline, announced politely, and refresh the incident (state, timers, deliveries).
 */
export function useIncidentStream(incidentId: string, loadedUpTo: number | null | undefined): StreamState {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const pending = useRef<string[]>([]);
  const flushTimer = useRef<number | null>(null);
  // Connect once the first page of the timeline is there, resuming after its last event.
  const url = loadedUpTo === undefined ? null : incidentStreamUrl(incidentId, loadedUpTo);
  const fixedUrl = useRef<string | null>(null);
  if (url && !fixedUrl.current) fixedUrl.current = url;

  return useEventStream(fixedUrl.current, {
    timeline: (data) => {
      const item = data as TimelineItem;
      let added = false;
      queryClient.setQueryData<{ items: TimelineItem[] }>(['incident', incidentId, 'timeline'], (old) => {
        const items = old?.items ?? [];
        if (items.some((i) => i.id === item.id)) return old;
        added = true;
        return { items: [...items, item].sort((a, b) => a.id - b.id) };
      });
      if (!added) return;
      void queryClient.invalidateQueries({ queryKey: ['incident', incidentId], exact: true });
      void queryClient.invalidateQueries({ queryKey: ['incident', incidentId, 'deliveries'] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      // Several events at once (a step and a reminder) are read out together.
      pending.current.push(item.title);
      if (flushTimer.current === null) {
        flushTimer.current = window.setTimeout(() => {
          announce(`New on the timeline: ${pending.current.join('; ')}.`);
          pending.current = [];
          flushTimer.current = null;
        }, 300);
      }
    },
  });
}
