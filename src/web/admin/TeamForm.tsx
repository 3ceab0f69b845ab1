import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, patch, post } from '../api/client';
import { teamsQuery } from '../api/org';
import type { Team } from '../api/types';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { SelectField, TextAreaField, TextField } from '../ui/Field';

export function TeamForm({ team, onDone }: { team?: Team; onDone: (t: Team) => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const teams = useQuery(teamsQuery);
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [parentTeamId, setParent] = useState(team?.parentTeamId ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { name, description, parentTeamId: parentTeamId || null };
      return team ? patch<Team>(`/api/v1/teams/${encodeURIComponent(team.id)}`, body) : post<Team>('/api/v1/teams', body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      announce(team ? `Team ${saved.name} was saved.` : `Team ${saved.name} was created.`);
      if (!team) {
        setName('');
        setDescription('');
        setParent('');
      }
      onDone(saved);
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
      <div className="form__row">
        <TextField label="Team name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(err, 'body.name')} />
        <SelectField
          label="Part of"
          value={parentTeamId}
          emptyLabel="No parent team"
          options={(teams.data?.items ?? []).filter((t) => t.id !== team?.id).map((t) => ({ value: t.id, label: t.name }))}
          onChange={(e) => setParent(e.target.value)}
          error={fieldError(err, 'body.parentTeamId')}
        />
      </div>
      <TextAreaField
        label="Description"
        rows={2}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldError(err, 'body.description')}
      />
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          {team ? 'Save team' : 'Create team'}
        </Button>
      </div>
    </form>
  );
}
