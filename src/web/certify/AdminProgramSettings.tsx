import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError, get, patch } from '../api/client';
import { pathsQuery } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { SelectField, TextAreaField, TextField } from '../ui/Field';
import type { Program, RubricCriterion } from './api';

interface ExamOption {
  id: string;
  title: string;
  examKey: string;
  status: string;
}

const examsQuery = { queryKey: ['certify', 'exam-options'], queryFn: () => get<{ items: ExamOption[] }>('/api/v1/exams', { limit: 200 }) };

interface CriterionDraft {
  key: string;
  title: string;
  levels: string;
  passLevel: number;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'criterion';

function toRubric(drafts: CriterionDraft[]): RubricCriterion[] {
  return drafts.map((d) => ({ key: d.key || slug(d.title), title: d.title.trim(), levels: d.levels.split('\n').map((l) => l.trim()).filter(Boolean), passLevel: d.passLevel }));
}

/** One program's settings: learning path, exam, rubric, validity and renewal hours. */
export function ProgramSettings({ program }: { program: Program }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const exams = useQuery(examsQuery);
  const paths = useQuery(pathsQuery);
  const [pathKey, setPathKey] = useState(program.pathKey ?? '');
  const [examId, setExamId] = useState(program.examId ?? '');
  const [years, setYears] = useState(String(Math.round((program.validityDays / 365) * 10) / 10));
  const [ceHours, setCeHours] = useState(String(program.renewalCeHours));
  const [planDays, setPlanDays] = useState(String(program.actionPlanDays));
  const [rubric, setRubric] = useState<CriterionDraft[]>(program.rubric.map((c) => ({ key: c.key, title: c.title, levels: c.levels.join('\n'), passLevel: c.passLevel })));
  const save = useMutation({
    mutationFn: () =>
      patch<Program>(`/api/v1/certify/programs/${program.id}`, {
        pathKey: pathKey || null,
        examId: examId || null,
        validityDays: Math.round(Number(years) * 365),
        renewalCeHours: Number(ceHours),
        actionPlanDays: Number(planDays),
        rubric: toRubric(rubric),
      }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['certify'] });
      announce(`${saved.name} saved.`);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  const update = (i: number, p: Partial<CriterionDraft>) => setRubric((all) => all.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const pathOptions = (paths.data?.items ?? []).map((p) => ({ value: p.key, label: `${p.title} (${p.key})` }));
  if (program.pathKey && !pathOptions.some((o) => o.value === program.pathKey)) pathOptions.push({ value: program.pathKey, label: `${program.pathKey} (not installed)` });
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Settings of ${program.name}`}>
      <ErrorAlert error={err} />
      <SelectField label="Learning path" value={pathKey} emptyLabel="No path requirement" options={pathOptions} onChange={(e) => setPathKey(e.target.value)} error={fieldError(err, 'body.pathKey')} hint={paths.error ? 'The list of paths could not be loaded.' : undefined} />
      <SelectField
        label="Exam"
        value={examId}
        emptyLabel="No exam yet (the requirement stays open)"
        options={(exams.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.title} (${x.examKey}, ${x.status})` }))}
        onChange={(e) => setExamId(e.target.value)}
        error={fieldError(err, 'body.examId') ?? fieldError(err, 'examId')}
        hint={exams.error ? 'The list of exams could not be loaded.' : undefined}
      />
      <TextField label="Validity in years" type="number" min={0.1} max={10} step={0.5} value={years} onChange={(e) => setYears(e.target.value)} error={fieldError(err, 'body.validityDays')} />
      <TextField label="Continuing-education hours to renew" type="number" min={0} max={1000} value={ceHours} onChange={(e) => setCeHours(e.target.value)} error={fieldError(err, 'body.renewalCeHours')} />
      <TextField label="Days covered by the action plan" type="number" min={7} max={120} value={planDays} onChange={(e) => setPlanDays(e.target.value)} error={fieldError(err, 'body.actionPlanDays')} />
      <fieldset className="rubric-fieldset">
        <legend className="field__label">Practicum rubric</legend>
        {rubric.map((c, i) => {
          const levels = c.levels.split('\n').map((l) => l.trim()).filter(Boolean);
          return (
            <div key={i} className="plan-item">
              <TextField label={`Criterion ${i + 1}`} value={c.title} onChange={(e) => update(i, { title: e.target.value })} error={fieldError(err, `body.rubric.${i}.title`)} />
              <TextAreaField label={`Levels of criterion ${i + 1}, lowest first, one per line`} rows={4} value={c.levels} onChange={(e) => update(i, { levels: e.target.value })} error={fieldError(err, `body.rubric.${i}.levels`)} />
              <SelectField label={`Pass level of criterion ${i + 1}`} value={String(c.passLevel)} options={levels.map((l, j) => ({ value: String(j), label: l }))} onChange={(e) => update(i, { passLevel: Number(e.target.value) })} />
              {rubric.length > 1 ? (
                <Button variant="secondary" onClick={() => setRubric((all) => all.filter((_x, j) => j !== i))}>
                  Remove criterion {i + 1}
                </Button>
              ) : null}
            </div>
          );
        })}
        <Button variant="secondary" onClick={() => setRubric((all) => [...all, { key: '', title: '', levels: 'Missing\nPartly\nComplete', passLevel: 2 }])}>
          Add a criterion
        </Button>
      </fieldset>
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          Save {program.name}
        </Button>
      </div>
    </form>
  );
}
