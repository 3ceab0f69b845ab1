import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { patch } from '../../api/client';
import { can, useMe } from '../../api/identity';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader, StatusBadge } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { examQuery, EXAM_STATUS_LABELS, type Exam } from './api';
import { Accommodations } from './Accommodations';
import { AuthoringNav } from './AuthoringNav';
import { draftToBody, examToDraft, ExamForm, type ExamDraft } from './ExamForm';
import './authoring.css';

export function ExamAdminPage({ id }: { id: string }) {
  const exam = useQuery(examQuery(id));
  useDocumentTitle(exam.data ? `Exam: ${exam.data.title}` : 'Exam');
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [message, setMessage] = useState<string | null>(null);
  const onSaved = (next: Exam, text: string) => {
    queryClient.setQueryData(examQuery(id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: ['exams'] });
    setMessage(text);
    announce(text);
  };
  const save = useMutation({
    mutationFn: (draft: ExamDraft) => patch<Exam>(`/api/v1/exams/${id}`, draftToBody(draft, false)),
    onSuccess: (next) => onSaved(next, 'The exam is saved. Changes apply to attempts started from now on.'),
  });
  const setStatus = useMutation({
    mutationFn: (status: Exam['status']) => patch<Exam>(`/api/v1/exams/${id}`, { status }),
    onSuccess: (next) => onSaved(next, next.status === 'published' ? 'The exam is published: candidates can see and start it.' : `The exam is now ${EXAM_STATUS_LABELS[next.status].toLowerCase()}.`),
  });
  const e = exam.data;
  return (
    <>
      <PageHeader
        title={e ? `Exam: ${e.title}` : 'Exam'}
        description={e ? `${e.itemCount} items per form from bank ${e.bankKey} · ${e.timeLimitMinutes} minutes · cut score ${e.cutScorePercent}%` : undefined}
        actions={
          e && can(me, 'items.analyse') ? (
            <Link to="/authoring/exams/$id/analysis" params={{ id }} className="button button--secondary">
              Item analysis
            </Link>
          ) : undefined
        }
      />
      <AuthoringNav />
      <RequirePermission permission="exams.manage">
        {exam.isPending ? <Loading label="Loading the exam…" /> : null}
        <ErrorAlert error={exam.error} />
        {e ? (
          <>
            {message ? (
              <Notice kind="success" role="status">
                {message}
              </Notice>
            ) : null}
            <section className="card" aria-labelledby="exam-status-heading">
              <h2 id="exam-status-heading">Status</h2>
              <p>
                <StatusBadge status={`exam-${e.status}`} label={EXAM_STATUS_LABELS[e.status]} />{' '}
                {e.attempts ? `${e.attempts.submitted} submitted ${e.attempts.submitted === 1 ? 'attempt' : 'attempts'} (${e.attempts.passed} passed), ${e.attempts.inProgress} in progress.` : null}
              </p>
              <ErrorAlert error={setStatus.error} title="The status was not changed." />
              <div className="form__actions">
                {e.status !== 'published' ? (
                  <Button onClick={() => setStatus.mutate('published')} busy={setStatus.isPending} busyLabel="Publishing…">
                    Publish the exam
                  </Button>
                ) : (
                  <Button variant="secondary" onClick={() => setStatus.mutate('archived')} busy={setStatus.isPending} busyLabel="Archiving…">
                    Archive the exam
                  </Button>
                )}
              </div>
            </section>
            <ExamForm key={e.updatedAt} initial={examToDraft(e)} creating={false} error={save.error} busy={save.isPending} onSubmit={(d) => save.mutate(d)} />
            {can(me, 'exams.accommodate') ? <Accommodations examId={id} /> : null}
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
