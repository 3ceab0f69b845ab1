import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../api/client';
import { teamsQuery } from '../api/org';
import type { Invitation } from '../api/types';
import { ErrorAlert, Notice } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { CheckboxGroup, SelectField, TextField } from '../ui/Field';
import { careerLevelOptions, roleOptions } from './options';
import { PersonPicker } from './PersonPicker';

export function InviteForm() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const teams = useQuery(teamsQuery);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState('');
  const [managerId, setManagerId] = useState('');
  const [careerLevel, setCareerLevel] = useState('');
  const [jobRole, setJobRole] = useState('');
  const [roles, setRoles] = useState<string[]>(['learner']);
  const invite = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { email, name, roles };
      if (teamId) body.teamId = teamId;
      if (managerId) body.managerId = managerId;
      if (careerLevel) body.careerLevel = careerLevel;
      if (jobRole.trim()) body.jobRole = jobRole;
      return post<Invitation>('/api/v1/invitations', body);
    },
    onSuccess: (inv) => {
      void queryClient.invalidateQueries({ queryKey: ['invitations'] });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      announce(`Invitation sent to ${inv.email}.`);
      setEmail('');
      setName('');
      setJobRole('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const err = invite.error;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={err} />
      {invite.isSuccess ? (
        <Notice kind="success">
          Invitation sent to <strong>{invite.data.email}</strong>. The message is in the <a href="/admin/outbox">outbox</a>.
        </Notice>
      ) : null}
      <div className="form__row">
        <TextField label="E-mail" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(err, 'body.email')} />
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(err, 'body.name')} />
      </div>
      <details className="more">
        <summary>Team, manager, career level and job role (optional)</summary>
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
            emptyLabel="Not set"
            options={careerLevelOptions}
            onChange={(e) => setCareerLevel(e.target.value)}
            error={fieldError(err, 'body.careerLevel')}
          />
        </div>
        <TextField label="Job role" value={jobRole} onChange={(e) => setJobRole(e.target.value)} error={fieldError(err, 'body.jobRole')} />
        <PersonPicker label="Manager" value={managerId} onChange={setManagerId} error={fieldError(err, 'body.managerId')} />
      </details>
      <CheckboxGroup legend="Roles" options={roleOptions} value={roles} onChange={setRoles} error={fieldError(err, 'body.roles')} />
      <div className="form__actions">
        <Button type="submit" busy={invite.isPending} busyLabel="Sending…">
          Send invitation
        </Button>
      </div>
    </form>
  );
}
