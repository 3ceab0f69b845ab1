import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, fieldError, patch, post } from '../api/client';
import { jobDescriptionQuery, pathsQuery, type Framework, type JobRole, type Requirement } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyButton } from '../ui/CopyButton';
import { Dialog } from '../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../ui/Field';
import { Loading } from '../ui/Spinner';
import { EditedBadge, idFrom, useFrameworkChange } from './framework-shared';

const enc = encodeURIComponent;
const CERTIFICATES = [
  { value: 'professional', label: 'Professional certificate' },
  { value: 'executive', label: 'Executive certificate' },
];

function requirementText(r: Requirement, framework: Framework, pathTitle: (key: string) => string): string {
  const within = 'withinMonths' in r && r.withinMonths ? ` within ${r.withinMonths} months of appointment` : '';
  if (r.kind === 'certificate') return `${r.ref === 'professional' ? 'Professional' : 'Executive'} certificate${within}`;
  if (r.kind === 'path') return `Learning path “${pathTitle(r.ref)}” completed${within}`;
  const comp = framework.competencies.find((c) => c.id === r.ref)?.name ?? r.ref;
  const level = framework.proficiencyScale.find((s) => s.level === r.proficiency)?.label ?? String(r.proficiency);
  return `${comp} at ${level} (${r.proficiency})`;
}

function RequirementRow({
  value,
  index,
  framework,
  paths,
  onChange,
  onRemove,
  error,
}: {
  value: Requirement;
  index: number;
  framework: Framework;
  paths: { value: string; label: string }[];
  onChange: (r: Requirement) => void;
  onRemove: () => void;
  error?: string;
}) {
  const n = index + 1;
  const setKind = (kind: Requirement['kind']) => {
    if (kind === 'certificate') onChange({ kind, ref: 'professional', withinMonths: 12 });
    else if (kind === 'path') onChange({ kind, ref: paths[0]?.value ?? '', withinMonths: 6 });
    else onChange({ kind, ref: framework.competencies[0]?.id ?? '', proficiency: 3 });
  };
  return (
    <div className="requirement-row" role="group" aria-label={`Requirement ${n}`}>
      <SelectField
        label={`Requirement ${n}: kind`}
        value={value.kind}
        options={[
          { value: 'certificate', label: 'Certificate' },
          { value: 'path', label: 'Learning path' },
          { value: 'competency', label: 'Competency' },
        ]}
        onChange={(e) => setKind(e.target.value as Requirement['kind'])}
      />
      {value.kind === 'certificate' ? (
        <SelectField label={`Requirement ${n}: certificate`} value={value.ref} options={CERTIFICATES} onChange={(e) => onChange({ ...value, ref: e.target.value as 'professional' | 'executive' })} />
      ) : value.kind === 'path' ? (
        <SelectField label={`Requirement ${n}: path`} value={value.ref} options={paths} emptyLabel="Choose a path" onChange={(e) => onChange({ ...value, ref: e.target.value })} />
      ) : (
        <SelectField
          label={`Requirement ${n}: competency`}
          value={value.ref}
          options={framework.competencies.map((c) => ({ value: c.id, label: c.name }))}
          onChange={(e) => onChange({ ...value, ref: e.target.value })}
        />
      )}
      {value.kind === 'competency' ? (
        <SelectField
          label={`Requirement ${n}: proficiency`}
          value={String(value.proficiency)}
          options={framework.proficiencyScale.map((s) => ({ value: String(s.level), label: `${s.level} – ${s.label}` }))}
          onChange={(e) => onChange({ ...value, proficiency: Number(e.target.value) })}
        />
      ) : (
        <TextField
          label={`Requirement ${n}: within months`}
          type="number"
          min={1}
          max={120}
          inputMode="numeric"
          hint="Of appointment; empty for no limit."
          value={value.withinMonths ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            const next = { ...value } as Requirement & { withinMonths?: number };
            if (v === '') delete next.withinMonths;
            else next.withinMonths = Number(v);
            onChange(next);
          }}
        />
      )}
      <div className="field">
        <Button variant="secondary" onClick={onRemove} aria-label={`Remove requirement ${n}`}>
          Remove
        </Button>
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}

function JobRoleDialog({ item, framework, onClose }: { item: JobRole | null; framework: Framework; onClose: () => void }) {
  const paths = useQuery(pathsQuery);
  const pathOptions = (paths.data?.items ?? []).map((p) => ({ value: p.key, label: p.title }));
  const [title, setTitle] = useState(item?.title ?? '');
  const [id, setId] = useState(item?.id ?? '');
  const [idTouched, setIdTouched] = useState(false);
  const [level, setLevel] = useState(item?.level ?? framework.levels[0]?.id ?? '');
  const [summary, setSummary] = useState(item?.summary ?? '');
  const [requirements, setRequirements] = useState<Requirement[]>(item?.requirements ?? []);
  const save = useFrameworkChange(
    () =>
      item
        ? patch<JobRole>(`/api/v1/framework/job-roles/${enc(item.id)}`, { title, level, summary, requirements })
        : post<JobRole>('/api/v1/framework/job-roles', { id, title, level, summary, requirements }),
    () => (item ? `Job role ${title} saved.` : `Job role ${title} added.`),
    onClose,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(undefined);
  };
  const requirementError = (i: number) =>
    fieldError(save.error, `body.requirements.${i}.ref`) ?? fieldError(save.error, `body.requirements.${i}.withinMonths`) ?? fieldError(save.error, `body.requirements.${i}`);
  const known = ['title', 'id', 'level', 'summary'];
  const general = save.error && !known.some((f) => fieldError(save.error, `body.${f}`)) && !requirements.some((_r, i) => requirementError(i)) ? save.error : null;
  return (
    <Dialog open title={item ? `Edit job role ${item.title}` : 'Add a job role'} onClose={onClose} wide>
      <form className="form" noValidate onSubmit={submit}>
        <TextField
          label="Title"
          required
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            if (!item && !idTouched) setId(idFrom(e.target.value, '-'));
          }}
          error={fieldError(save.error, 'body.title')}
        />
        {!item ? (
          <TextField
            label="Id"
            required
            hint="Lowercase letters, digits and hyphens, like it-manager. It cannot be changed later."
            value={id}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            error={fieldError(save.error, 'body.id')}
          />
        ) : null}
        <SelectField label="Career level" required value={level} options={framework.levels.map((l) => ({ value: l.id, label: l.label }))} onChange={(e) => setLevel(e.target.value)} error={fieldError(save.error, 'body.level')} />
        <TextAreaField label="What the role does" rows={3} hint="One or two sentences; it opens the job-description paragraph." value={summary} onChange={(e) => setSummary(e.target.value)} error={fieldError(save.error, 'body.summary')} />
        <fieldset className="fieldset">
          <legend>Requirements</legend>
          <p className="field__hint">Certificates, learning paths and competencies the person in this role must have, for example the professional certificate within 12 months of appointment.</p>
          {requirements.length === 0 ? <p className="muted">No requirements.</p> : null}
          {requirements.map((r, i) => (
            <RequirementRow
              key={i}
              index={i}
              value={r}
              framework={framework}
              paths={pathOptions}
              error={requirementError(i)}
              onChange={(next) => setRequirements((list) => list.map((x, j) => (j === i ? next : x)))}
              onRemove={() => setRequirements((list) => list.filter((_x, j) => j !== i))}
            />
          ))}
          <div className="form__actions">
            <Button variant="secondary" onClick={() => setRequirements((list) => [...list, { kind: 'certificate', ref: 'professional', withinMonths: 12 }])} disabled={requirements.length >= 30}>
              Add a requirement
            </Button>
          </div>
        </fieldset>
        <ErrorAlert error={general} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…">
            {item ? 'Save job role' : 'Add job role'}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function JobDescription({ role }: { role: JobRole }) {
  const jd = useQuery(jobDescriptionQuery(role.id));
  return (
    <div className="job-description">
      <h4 className="h-small" id={`jd-${role.id}`}>
        Job-description paragraph
      </h4>
      {jd.isPending ? <Loading label="Writing the paragraph…" /> : null}
      <ErrorAlert error={jd.error} />
      {jd.data ? (
        <>
          <p className="jd-text" aria-labelledby={`jd-${role.id}`}>
            {jd.data.text}
          </p>
          <CopyButton value={jd.data.text} label={`Copy the ${role.title} job description`} />
        </>
      ) : null}
    </div>
  );
}

export function JobRolesSection({ framework }: { framework: Framework }) {
  const paths = useQuery(pathsQuery);
  const [editing, setEditing] = useState<JobRole | null | 'new'>(null);
  const [deleting, setDeleting] = useState<JobRole | null>(null);
  const remove = useFrameworkChange(
    (r: JobRole) => del(`/api/v1/framework/job-roles/${enc(r.id)}`),
    (r) => `Job role ${r.title} removed.`,
    () => setDeleting(null),
  );
  const pathTitle = (key: string) => paths.data?.items.find((p) => p.key === key)?.title ?? key;
  const levelLabel = (id: string) => framework.levels.find((l) => l.id === id)?.label ?? id;
  return (
    <section className="card" aria-labelledby="fw-roles">
      <h2 id="fw-roles">Job roles</h2>
      <p className="muted">
        Each role's requirements, and a job-description paragraph built from them and the competency targets of its level, ready to paste into a job advert or HR system.
      </p>
      <ul className="framework-list">
        {framework.jobRoles.map((r) => (
          <li key={r.id}>
            <div>
              <h3 className="tile__title">
                {r.title} <EditedBadge edited={r.orgEdited} />
              </h3>
              <p className="small muted">
                {levelLabel(r.level)} · <code>{r.id}</code>
              </p>
              {r.summary ? <p>{r.summary}</p> : null}
              {r.requirements.length ? (
                <ul className="small">
                  {r.requirements.map((q, i) => (
                    <li key={i}>{requirementText(q, framework, pathTitle)}</li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">No requirements.</p>
              )}
              <JobDescription role={r} />
            </div>
            <div className="row-actions">
              <Button variant="secondary" onClick={() => setEditing(r)} aria-label={`Edit job role ${r.title}`}>
                Edit
              </Button>
              <Button variant="secondary" onClick={() => setDeleting(r)} aria-label={`Remove job role ${r.title}`}>
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Button variant="secondary" onClick={() => setEditing('new')}>
        Add a job role
      </Button>
      {editing ? <JobRoleDialog item={editing === 'new' ? null : editing} framework={framework} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={!!deleting}
        title={`Remove the job role ${deleting?.title ?? ''}?`}
        confirmLabel="Remove job role"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p>The role and its requirements are removed from the framework. People keep their job title.</p>
      </ConfirmDialog>
    </section>
  );
}
