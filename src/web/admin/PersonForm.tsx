import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, patch, post } from '../api/client';
import { teamsQuery } from '../api/org';
import type { Person } from '../api/types';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { CheckboxGroup, SelectField, TextField } from '../ui/Field';
import { careerLevelOptions, roleOptions, statusOptions } from './options';
import { PersonPicker } from './PersonPicker';

/** Create a person (person undefined) or edit one. */
export function PersonForm({ person, onDone }: { person?: Person; onDone: (p: Person) => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const teams = useQuery(teamsQuery);
  const [email, setEmail] = useState(person?.email ?? '');
  const [name, setName] = useState(person?.name ?? '');
  const [teamId, setTeamId] = useState(person?.teamId ?? '');
  const [managerId, setManagerId] = useState(person?.managerId ?? '');
  const [careerLevel, setCareerLevel] = useState(person?.careerLevel ?? '');
  const [jobRole, setJobRole] = useState(person?.jobRole ?? '');
  const [roles, setRoles] = useState<string[]>(person?.roles ?? ['learner']);
  const [status, setStatus] = useState<string>(person?.status ?? 'active');

  const save = useMutation({
    mutationFn: () => {
      const fields: Record<string, unknown> = {
        name,
        teamId: teamId || null,
        managerId: managerId || null,
        jobRole,
        roles,
      };
      if (careerLevel) fields.careerLevel = careerLevel;
      if (person) {
        if (status !== person.status) fields.status = status;
        return patch<Person>(`/api/v1/people/${encodeURIComponent(person.id)}`, fields);
      }
      if (!jobRole) delete fields.jobRole;
      return post<Person>('/api/v1/people', { ...fields, email });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      void queryClient.invalidateQueries({ queryKey: ['person'] });
      void queryClient.invalidateQueries({ queryKey: ['org-chart'] });
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      announce(person ? `${saved.name} was updated.` : `${saved.name} was added.`);
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
      {person ? (
        <p className="muted">E-mail: {person.email}</p>
      ) : (
        <TextField label="E-mail" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(err, 'body.email')} />
      )}
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(err, 'body.name')} />
      <div className="form__row">
        <SelectField
          label="Team"
          value={teamId}
          emptyLabel="No team"
          options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          onChange={(e) => setTeamId(e.target.value)}
          error={fieldError(err, 'body.teamId')}
        />
        <SelectField
          label="Career level"
          value={careerLevel}
          emptyLabel={person?.careerLevel ? undefined : 'Not set'}
          options={careerLevelOptions}
          onChange={(e) => setCareerLevel(e.target.value)}
          error={fieldError(err, 'body.careerLevel')}
        />
      </div>
      <TextField
        label="Job role"
        hint="The job title, e.g. “Network engineer” or “Service desk manager”."
        value={jobRole}
        onChange={(e) => setJobRole(e.target.value)}
        error={fieldError(err, 'body.jobRole')}
      />
      <PersonPicker
        label="Manager"
        value={managerId}
        currentName={person?.managerName}
        excludeId={person?.id}
        onChange={setManagerId}
        error={fieldError(err, 'body.managerId')}
      />
      <CheckboxGroup
        legend="Roles"
        hint="People manager is not a role: it follows from having direct reports."
        options={roleOptions}
        value={roles}
        onChange={setRoles}
        error={fieldError(err, 'body.roles')}
      />
      {person ? (
        <SelectField
          label="Status"
          value={status}
          options={statusOptions}
          onChange={(e) => setStatus(e.target.value)}
          hint="Deactivated people cannot sign in; their history is kept."
          error={fieldError(err, 'body.status')}
        />
      ) : null}
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          {person ? 'Save changes' : 'Add person'}
        </Button>
      </div>
    </form>
  );
}
