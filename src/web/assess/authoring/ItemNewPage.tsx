import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { post } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { useAnnounce } from '../../ui/Announcer';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import { scenarioQuery, type ItemDetail } from './api';
import { AuthoringNav } from './AuthoringNav';
import { emptyItem, ItemForm, type ItemDraft } from './ItemForm';
import './authoring.css';

export function ItemNewPage({ bankKey, scenarioId }: { bankKey?: string; scenarioId?: string }) {
  useDocumentTitle('New item');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const create = useMutation({
    mutationFn: async ({ draft, publish }: { draft: ItemDraft; publish: boolean }) =>
      post<ItemDetail>('/api/v1/items', {
        bankKey: draft.bankKey,
        kind: draft.kind,
        competency: draft.competency,
        stem: draft.stem,
        options: draft.options,
        scenarioId: draft.scenarioId || undefined,
        // A new item goes last in its scenario set.
        scenarioPosition: draft.scenarioId ? (await queryClient.fetchQuery(scenarioQuery(draft.scenarioId))).items.length : undefined,
        publish,
      }),
    onSuccess: (item) => {
      void queryClient.invalidateQueries({ queryKey: ['items'] });
      void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
      void queryClient.invalidateQueries({ queryKey: ['item-scenario'] });
      announce(item.status === 'published' ? 'Item saved and published.' : 'Item saved as a draft.');
      void navigate({ to: '/authoring/items/$id', params: { id: item.id } });
    },
  });
  return (
    <>
      <PageHeader title="New item" description="A question, its options and why each option is right or wrong. Drafts may be unfinished; publishing needs a rationale for every option." />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        <ItemForm
          initial={emptyItem(bankKey ?? '', scenarioId ?? '')}
          bankFixed={false}
          error={create.error}
          busy={create.isPending}
          submitLabels={{ save: 'Save draft', publish: 'Save and publish' }}
          onSubmit={(draft, publish) => create.mutate({ draft, publish })}
        />
      </RequirePermission>
    </>
  );
}
