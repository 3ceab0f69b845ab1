import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';

/** A framework change: refresh everything that shows framework names, and announce the result. */
export function useFrameworkChange<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>, message: (vars: TVars, result: TResult) => string, onDone?: () => void) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result, vars) => {
      void queryClient.invalidateQueries({ queryKey: ['framework'] });
      void queryClient.invalidateQueries({ queryKey: ['learn'] });
      void queryClient.invalidateQueries({ queryKey: ['career-levels'] });
      announce(message(vars, result));
      onDone?.();
    },
  });
}

export function EditedBadge({ edited }: { edited: boolean }) {
  return edited ? (
    <span className="badge badge--plain" title="Changed here: a pack upgrade keeps your text">
      Edited by your organisation
    </span>
  ) : null;
}

/** Up/down buttons that move an item one place in its list. */
export function MoveButtons({ name, index, count, onMove, busy }: { name: string; index: number; count: number; onMove: (position: number) => void; busy: boolean }) {
  return (
    <>
      <Button variant="secondary" disabled={index === 0 || busy} onClick={() => onMove(index - 1)} aria-label={`Move ${name} up`}>
        <span aria-hidden="true">↑</span>
      </Button>
      <Button variant="secondary" disabled={index === count - 1 || busy} onClick={() => onMove(index + 1)} aria-label={`Move ${name} down`}>
        <span aria-hidden="true">↓</span>
      </Button>
    </>
  );
}

/** Lowercase id from a label, as the API wants ids ("IT manager" → "it_manager" or "it-manager"). */
export function idFrom(label: string, separator: '_' | '-'): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
    .slice(0, 60);
}
