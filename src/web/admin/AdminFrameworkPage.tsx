import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, patch, post } from '../api/client';
import { frameworkQuery, type CareerLevel, type Competency, type Framework, type FrameworkStage, type ScaleLevel } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../ui/Field';
import { useDocumentTitle } from '../ui/hooks';
import { PageHeader, TableWrap } from '../ui/Misc';
import { Loading } from '../ui/Spinner';
import { AdminNav } from './AdminNav';
import { EditedBadge, idFrom, MoveButtons, useFrameworkChange } from './framework-shared';
import { JobRolesSection } from './FrameworkJobRoles';
import { RequirePermission } from './RequirePermission';

const enc = encodeURIComponent;

/** Shows a field's server error, or the whole error when it is not about one field. */
function otherError(error: unknown, fields: string[]) {
  return error && !fields.some((f) => fieldError(error, `body.${f}`)) ? error : null;
}

// ---- Proficiency scale ----

function ScaleDialog({ item, onClose }: { item: ScaleLevel; onClose: () => void }) {
  const [label, setLabel] = useState(item.label);
  const [description, setDescription] = useState(item.description);
  const save = useFrameworkChange(() => patch<ScaleLevel>(`/api/v1/framework/proficiency-scale/${item.level}`, { label, description }), () => `Proficiency level ${item.level} saved.`, onClose);
  return (
    <Dialog open title={`Edit proficiency level ${item.level}`} onClose={onClose}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <TextField label="Name" required value={label} onChange={(e) => setLabel(e.target.value)} error={fieldError(save.error, 'body.label')} />
        <TextAreaField label="What it looks like" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(save.error, 'body.description')} />
        <ErrorAlert error={otherError(save.error, ['label', 'description'])} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…">
            Save
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ScaleSection({ scale }: { scale: ScaleLevel[] }) {
  const [editing, setEditing] = useState<ScaleLevel | null>(null);
  return (
    <section className="card" aria-labelledby="fw-scale">
      <h2 id="fw-scale">Proficiency scale</h2>
      <p className="muted">The levels used for competency targets, lowest first.</p>
      <ol className="framework-list">
        {scale.map((s) => (
          <li key={s.level}>
            <div>
              <strong>
                {s.level}. {s.label}
              </strong>{' '}
              <EditedBadge edited={s.orgEdited} />
              <p className="small muted">{s.description}</p>
            </div>
            <div className="row-actions">
              <Button variant="secondary" onClick={() => setEditing(s)} aria-label={`Edit proficiency level ${s.label}`}>
                Edit
              </Button>
            </div>
          </li>
        ))}
      </ol>
      {editing ? <ScaleDialog item={editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

// ---- Career levels ----

function LevelDialog({ item, onClose }: { item: CareerLevel | null; onClose: () => void }) {
  const [label, setLabel] = useState(item?.label ?? '');
  const [id, setId] = useState(item?.id ?? '');
  const [idTouched, setIdTouched] = useState(false);
  const [description, setDescription] = useState(item?.description ?? '');
  const save = useFrameworkChange(
    () => (item ? patch<CareerLevel>(`/api/v1/framework/levels/${enc(item.id)}`, { label, description }) : post<CareerLevel>('/api/v1/framework/levels', { id, label, description })),
    () => (item ? `Career level ${label} saved.` : `Career level ${label} added at the top of the ladder.`),
    onClose,
  );
  return (
    <Dialog open title={item ? `Edit career level ${item.label}` : 'Add a career level'} onClose={onClose}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <TextField
          label="Name"
          required
          value={label}
          onChange={(e) => {
            setLabel(e.target.value);
            if (!item && !idTouched) setId(idFrom(e.target.value, '_'));
          }}
          error={fieldError(save.error, 'body.label')}
        />
        {!item ? (
          <TextField
            label="Id"
            required
            hint="Lowercase letters, digits and underscores; used by content packs. It cannot be changed later."
            value={id}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            error={fieldError(save.error, 'body.id')}
          />
        ) : null}
        <TextAreaField label="Description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(save.error, 'body.description')} />
        {!item ? <p className="small muted">A new level goes at the top of the ladder; move it with the arrows afterwards.</p> : null}
        <ErrorAlert error={otherError(save.error, ['label', 'id', 'description'])} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…">
            {item ? 'Save level' : 'Add level'}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function LevelsSection({ levels }: { levels: CareerLevel[] }) {
  const [editing, setEditing] = useState<CareerLevel | null | 'new'>(null);
  const move = useFrameworkChange(
    (v: { level: CareerLevel; position: number }) => patch<CareerLevel>(`/api/v1/framework/levels/${enc(v.level.id)}`, { position: v.position }),
    (v) => `${v.level.label} moved to place ${v.position + 1}.`,
  );
  return (
    <section className="card" aria-labelledby="fw-levels">
      <h2 id="fw-levels">Career levels</h2>
      <p className="muted">The ladder, lowest first. People, stages, competency targets and job roles refer to these levels.</p>
      <ErrorAlert error={move.error} />
      <ol className="framework-list">
        {levels.map((l, i) => (
          <li key={l.id}>
            <div>
              <strong>{l.label}</strong> <code className="small">{l.id}</code> <EditedBadge edited={l.orgEdited} />
              <p className="small muted">{l.description}</p>
            </div>
            <div className="row-actions">
              <MoveButtons name={l.label} index={i} count={levels.length} busy={move.isPending} onMove={(position) => move.mutate({ level: l, position })} />
              <Button variant="secondary" onClick={() => setEditing(l)} aria-label={`Edit career level ${l.label}`}>
                Edit
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button variant="secondary" onClick={() => setEditing('new')}>
        Add a career level
      </Button>
      {editing ? <LevelDialog item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

// ---- Training stages ----

function StageDialog({ item, levels, onClose }: { item: FrameworkStage | null; levels: CareerLevel[]; onClose: () => void }) {
  const [title, setTitle] = useState(item?.title ?? '');
  const [id, setId] = useState(item?.id ?? '');
  const [idTouched, setIdTouched] = useState(false);
  const [description, setDescription] = useState(item?.description ?? '');
  const [forLevels, setForLevels] = useState<string[]>(item?.levels ?? []);
  const ordered = () => levels.map((l) => l.id).filter((x) => forLevels.includes(x));
  const save = useFrameworkChange(
    () =>
      item
        ? patch<FrameworkStage>(`/api/v1/framework/stages/${enc(item.id)}`, { title, description, levels: ordered() })
        : post<FrameworkStage>('/api/v1/framework/stages', { id, title, description, levels: ordered() }),
    () => (item ? `Stage ${title} saved.` : `Stage ${title} added.`),
    onClose,
  );
  return (
    <Dialog open title={item ? `Edit stage ${item.title}` : 'Add a training stage'} onClose={onClose} wide>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
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
            hint="Lowercase letters, digits and hyphens; lessons name their stage by this id. It cannot be changed later."
            value={id}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            error={fieldError(save.error, 'body.id')}
          />
        ) : null}
        <TextAreaField label="Description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(save.error, 'body.description')} />
        <CheckboxGroup legend="For career levels" options={levels.map((l) => ({ value: l.id, label: l.label }))} value={forLevels} onChange={setForLevels} error={fieldError(save.error, 'body.levels')} />
        <ErrorAlert error={otherError(save.error, ['title', 'id', 'description', 'levels'])} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…">
            {item ? 'Save stage' : 'Add stage'}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function StagesSection({ framework }: { framework: Framework }) {
  const [editing, setEditing] = useState<FrameworkStage | null | 'new'>(null);
  const levelLabel = (id: string) => framework.levels.find((l) => l.id === id)?.label ?? id;
  const move = useFrameworkChange(
    (v: { stage: FrameworkStage; position: number }) => patch<FrameworkStage>(`/api/v1/framework/stages/${enc(v.stage.id)}`, { position: v.position }),
    (v) => `${v.stage.title} moved to place ${v.position + 1}.`,
  );
  return (
    <section className="card" aria-labelledby="fw-stages">
      <h2 id="fw-stages">Training stages</h2>
      <p className="muted">What to learn, and when. Each stage is for one or more career levels; lessons and competencies belong to a stage.</p>
      <ErrorAlert error={move.error} />
      <ol className="framework-list">
        {framework.stages.map((s, i) => (
          <li key={s.id}>
            <div>
              <strong>{s.title}</strong> <code className="small">{s.id}</code> <EditedBadge edited={s.orgEdited} />
              <p className="small muted">{s.description}</p>
              <p className="small">For: {s.levels.length ? s.levels.map(levelLabel).join(', ') : 'no level'}</p>
            </div>
            <div className="row-actions">
              <MoveButtons name={s.title} index={i} count={framework.stages.length} busy={move.isPending} onMove={(position) => move.mutate({ stage: s, position })} />
              <Button variant="secondary" onClick={() => setEditing(s)} aria-label={`Edit stage ${s.title}`}>
                Edit
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button variant="secondary" onClick={() => setEditing('new')}>
        Add a training stage
      </Button>
      {editing ? <StageDialog item={editing === 'new' ? null : editing} levels={framework.levels} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

// ---- Competencies ----

function CompetencyDialog({ item, framework, onClose }: { item: Competency | null; framework: Framework; onClose: () => void }) {
  const [name, setName] = useState(item?.name ?? '');
  const [id, setId] = useState(item?.id ?? '');
  const [idTouched, setIdTouched] = useState(false);
  const [description, setDescription] = useState(item?.description ?? '');
  const [stage, setStage] = useState(item?.stage ?? framework.stages[0]?.id ?? '');
  const [targets, setTargets] = useState<Record<string, number>>(item?.targets ?? {});
  const save = useFrameworkChange(
    () =>
      item
        ? patch<Competency>(`/api/v1/framework/competencies/${enc(item.id)}`, { name, description, stage, targets })
        : post<Competency>('/api/v1/framework/competencies', { id, name, description, stage, targets }),
    () => (item ? `Competency ${name} saved.` : `Competency ${name} added.`),
    onClose,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(undefined);
  };
  const scaleOptions = framework.proficiencyScale.map((s) => ({ value: String(s.level), label: `${s.level} – ${s.label}` }));
  return (
    <Dialog open title={item ? `Edit competency ${item.name}` : 'Add a competency'} onClose={onClose} wide>
      <form className="form" noValidate onSubmit={submit}>
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!item && !idTouched) setId(idFrom(e.target.value, '-'));
          }}
          error={fieldError(save.error, 'body.name')}
        />
        {!item ? (
          <TextField
            label="Id"
            required
            hint="Lowercase letters, digits, hyphens and underscores; lessons name their competencies by this id. It cannot be changed later."
            value={id}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            error={fieldError(save.error, 'body.id')}
          />
        ) : null}
        <TextAreaField label="What someone who has it does" required rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(save.error, 'body.description')} />
        <SelectField label="Stage" required value={stage} options={framework.stages.map((s) => ({ value: s.id, label: s.title }))} onChange={(e) => setStage(e.target.value)} error={fieldError(save.error, 'body.stage')} />
        <fieldset className="fieldset">
          <legend>Target proficiency per career level</legend>
          <p className="field__hint">What this competency should be at each level. “No target” leaves the level out.</p>
          <div className="targets-grid">
            {framework.levels.map((l) => (
              <SelectField
                key={l.id}
                label={l.label}
                value={targets[l.id] ? String(targets[l.id]) : ''}
                emptyLabel="No target"
                options={scaleOptions}
                onChange={(e) => {
                  const v = e.target.value;
                  setTargets((t) => {
                    const next = { ...t };
                    if (v) next[l.id] = Number(v);
                    else delete next[l.id];
                    return next;
                  });
                }}
              />
            ))}
          </div>
          {fieldError(save.error, 'body.targets') ? <p className="field__error">{fieldError(save.error, 'body.targets')}</p> : null}
        </fieldset>
        <ErrorAlert error={otherError(save.error, ['name', 'id', 'description', 'stage', 'targets'])} />
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…">
            {item ? 'Save competency' : 'Add competency'}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function CompetenciesSection({ framework }: { framework: Framework }) {
  const [editing, setEditing] = useState<Competency | null | 'new'>(null);
  const scaleLabel = (n: number) => framework.proficiencyScale.find((s) => s.level === n)?.label ?? String(n);
  return (
    <section className="card" aria-labelledby="fw-competencies">
      <h2 id="fw-competencies">Competencies and targets</h2>
      <p className="muted">Each competency with the proficiency expected at each career level.</p>
      {framework.stages.map((stage) => {
        const comps = framework.competencies.filter((c) => c.stage === stage.id);
        if (comps.length === 0) return null;
        return (
          <div key={stage.id}>
            <h3>{stage.title}</h3>
            <TableWrap label={`Competencies of ${stage.title}`}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Competency</th>
                    {framework.levels.map((l) => (
                      <th scope="col" key={l.id}>
                        {l.label}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {comps.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="competency-cell">
                        {c.name} <EditedBadge edited={c.orgEdited} />
                      </th>
                      {framework.levels.map((l) => (
                        <td key={l.id} className="target-cell">{c.targets[l.id] ? `${c.targets[l.id]} ${scaleLabel(c.targets[l.id])}` : <span className="muted">—</span>}</td>
                      ))}
                      <td>
                        <Button variant="secondary" onClick={() => setEditing(c)} aria-label={`Edit competency ${c.name}`}>
                          Edit
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
        );
      })}
      <Button variant="secondary" onClick={() => setEditing('new')}>
        Add a competency
      </Button>
      {editing ? <CompetencyDialog item={editing === 'new' ? null : editing} framework={framework} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

export function AdminFrameworkPage() {
  useDocumentTitle('Career framework');
  const framework = useQuery(frameworkQuery);
  return (
    <>
      <PageHeader
        title="Career framework"
        description="The career ladder, training stages, competencies with their targets, and job roles with their requirements. Your edits survive content-pack upgrades."
      />
      <AdminNav />
      <RequirePermission permission="framework.manage">
        <nav className="card" aria-label="Framework sections">
          <ul className="path-facts">
            <li>
              <a href="#fw-roles">Job roles</a>
            </li>
            <li>
              <a href="#fw-levels">Career levels</a>
            </li>
            <li>
              <a href="#fw-stages">Training stages</a>
            </li>
            <li>
              <a href="#fw-competencies">Competencies</a>
            </li>
            <li>
              <a href="#fw-scale">Proficiency scale</a>
            </li>
          </ul>
        </nav>
        {framework.isPending ? <Loading label="Loading the framework…" /> : null}
        <ErrorAlert error={framework.error} />
        {framework.data ? (
          <>
            <JobRolesSection framework={framework.data} />
            <LevelsSection levels={framework.data.levels} />
            <StagesSection framework={framework.data} />
            <CompetenciesSection framework={framework.data} />
            <ScaleSection scale={framework.data.proficiencyScale} />
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
