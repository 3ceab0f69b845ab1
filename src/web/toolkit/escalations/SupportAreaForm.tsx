import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, patch, post } from '../../api/client';
import { ESC, type SupportArea } from '../../api/escalations';
import { PersonPicker } from '../../admin/PersonPicker';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { TextAreaField, TextField } from '../../ui/Field';

/** Adds a support area or edits one (name, description, its Expert). */
export function SupportAreaForm({ area, onDone }: { area?: SupportArea; onDone: () => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [name, setName] = useState(area?.name ?? '');
  const [description, setDescription] = useState(area?.description ?? '');
  const [expertPersonId, setExpert] = useState(area?.expertPersonId ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { name, description, expertPersonId: expertPersonId || null };
      return area ? patch<SupportArea>(`${ESC}/support-areas/${area.id}`, body) : post<SupportArea>(`${ESC}/support-areas`, body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(area ? `Support area ${saved.name} was saved.` : `Support area ${saved.name} was added.`);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={err} />
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} hint="For example E-mail, WAN/telecom or Key applications." error={fieldError(err, 'body.name')} />
      <TextAreaField label="Description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(err, 'body.description')} />
      <PersonPicker label="Expert" value={expertPersonId} currentName={area?.expert?.name} onChange={setExpert} error={fieldError(err, 'body.expertPersonId')} />
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          {area ? 'Save support area' : 'Add support area'}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
