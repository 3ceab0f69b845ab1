import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, del, fieldError } from '../../api/client';
import { PersonPicker } from '../../admin/PersonPicker';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { EmptyState, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { accommodationsQuery, type Accommodation } from './api';

/** Extra time per person on one exam; applies to attempts they start afterwards. */
export function Accommodations({ examId }: { examId: string }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const list = useQuery(accommodationsQuery(examId));
  const [personId, setPersonId] = useState('');
  const [minutes, setMinutes] = useState('15');
  const [note, setNote] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: accommodationsQuery(examId).queryKey });
  const save = useMutation({
    mutationFn: () => {
      const n = Number(minutes);
      return api<Accommodation>('PUT', `/api/v1/exams/${examId}/accommodations/${personId}`, { extraMinutes: Number.isInteger(n) ? n : minutes, note: note.trim() });
    },
    onSuccess: (a) => {
      refresh();
      announce(`${a.personName} has ${a.extraMinutes} extra minutes.`);
      setPersonId('');
      setNote('');
    },
  });
  const remove = useMutation({
    mutationFn: (a: Accommodation) => del(`/api/v1/exams/${examId}/accommodations/${a.personId}`),
    onSuccess: (_r, a) => {
      refresh();
      announce(`Extra time for ${a.personName} removed.`);
    },
  });
  return (
    <section className="card" aria-labelledby="accommodations-heading">
      <h2 id="accommodations-heading">Accommodations</h2>
      <p>Extra time for people who need it. It applies to attempts they start after you save it.</p>
      {list.isPending ? <Loading label="Loading accommodations…" /> : null}
      <ErrorAlert error={list.error ?? remove.error} />
      {list.data && list.data.items.length === 0 ? <EmptyState>Nobody has extra time on this exam.</EmptyState> : null}
      {list.data && list.data.items.length > 0 ? (
        <TableWrap label="People with extra time">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col" className="num">Extra minutes</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.personId}>
                  <th scope="row">{a.personName}</th>
                  <td className="num">{a.extraMinutes}</td>
                  <td>{a.note || '—'}</td>
                  <td>
                    <Button variant="secondary" busy={remove.isPending && remove.variables?.personId === a.personId} onClick={() => remove.mutate(a)} aria-label={`Remove extra time for ${a.personName}`}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <form
        className="form"
        aria-label="Give extra time"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h3>Give extra time</h3>
        <PersonPicker label="Person" value={personId} onChange={setPersonId} error={fieldError(save.error, 'params.personId')} />
        <div className="grid-2">
          <TextField label="Extra minutes" type="number" inputMode="numeric" min={1} max={600} required value={minutes} onChange={(e) => setMinutes(e.target.value)} error={fieldError(save.error, 'body.extraMinutes')} />
          <TextField label="Note" hint="Optional, e.g. the agreed adjustment." value={note} onChange={(e) => setNote(e.target.value)} error={fieldError(save.error, 'body.note')} />
        </div>
        <ErrorAlert error={save.error} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…" disabled={!personId}>
            Save extra time
          </Button>
        </div>
      </form>
    </section>
  );
}
