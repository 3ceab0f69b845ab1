import { useQuery } from '@tanstack/react-query';
import { personQuery } from '../../api/org';

/** A person's name by id (procedure snapshots keep ids only); null when no id is given. */
export function usePersonName(id: string | null | undefined): string | null {
  const person = useQuery({ ...personQuery(id ?? ''), enabled: !!id, staleTime: 5 * 60_000 });
  if (!id) return null;
  return person.data?.name ?? (person.isError ? 'A person no longer in the organisation' : 'Loading…');
}
