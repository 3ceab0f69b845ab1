import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { post } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { useAnnounce } from '../../ui/Announcer';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import type { Exam } from './api';
import { AuthoringNav } from './AuthoringNav';
import { draftToBody, emptyExam, ExamForm, type ExamDraft } from './ExamForm';
import './authoring.css';

export function ExamNewPage() {
  useDocumentTitle('New exam');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const create = useMutation({
    mutationFn: (draft: ExamDraft) => post<Exam>('/api/v1/exams', draftToBody(draft, true)),
    onSuccess: (exam) => {
      void queryClient.invalidateQueries({ queryKey: ['exams'] });
      announce(`Exam ${exam.title} created.`);
      void navigate({ to: '/authoring/exams/$id', params: { id: exam.id } });
    },
  });
  return (
    <>
      <PageHeader title="New exam" description="The server checks the blueprint against the bank: a competency with too few published items is refused at its line." />
      <AuthoringNav />
      <RequirePermission permission="exams.manage">
        <ExamForm initial={emptyExam()} creating error={create.error} busy={create.isPending} onSubmit={(d) => create.mutate(d)} />
      </RequirePermission>
    </>
  );
}
