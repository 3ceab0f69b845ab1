import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { del, patch, post } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader, StatusBadge } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { itemQuery, STATUS_LABELS, type ItemDetail } from './api';
import { AuthoringNav } from './AuthoringNav';
import { ItemForm, type ItemDraft } from './ItemForm';
import { VersionHistory } from './VersionHistory';
import { VersionView } from './VersionView';
import './authoring.css';

type Outcome = 'unchanged' | 'updated_draft' | 'new_version';

function outcomeText(outcome: Outcome, item: ItemDetail): string {
  if (outcome === 'new_version') return `Saved as version ${item.currentVersion}. Attempts that were given version ${item.currentVersion - 1} or earlier keep the text they saw.`;
  if (outcome === 'updated_draft') return 'The draft is saved.';
  return 'Nothing changed, so no new version was made.';
}

function toDraft(item: ItemDetail): ItemDraft {
  return {
    bankKey: item.bankKey,
    kind: item.current.kind,
    competency: item.current.competency,
    stem: item.current.stem,
    options: item.current.options.map((o) => ({ text: o.text, correct: o.correct, rationale: o.rationale })),
    scenarioId: item.scenario?.id ?? '',
  };
}

function Lifecycle({ item }: { item: ItemDetail }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = (next: ItemDetail) => {
    queryClient.setQueryData(itemQuery(item.id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: ['items'] });
    void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
  };
  const action = useMutation({
    mutationFn: (what: 'publish' | 'retire' | 'restore') => post<ItemDetail>(`/api/v1/items/${item.id}/${what}`),
    onSuccess: (next, what) => {
      refresh(next);
      announce(what === 'publish' ? 'Item published.' : what === 'retire' ? 'Item retired.' : 'Item restored.');
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/api/v1/items/${item.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['items'] });
      void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
      announce('Draft deleted.');
      void navigate({ to: '/authoring/items', search: { bankKey: item.bankKey } });
    },
  });
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        <StatusBadge status={`item-${item.status}`} label={STATUS_LABELS[item.status]} />{' '}
        {item.status === 'draft'
          ? 'Exams do not draw drafts. Publish when every option has a rationale.'
          : item.status === 'published'
            ? 'Exams may draw this item. Retire it to stop that; past attempts keep it.'
            : 'Retired: no new exam form draws it. Past attempts and results still show it.'}
      </p>
      <ErrorAlert error={action.error} />
      <div className="form__actions">
        {item.status === 'draft' ? (
          <>
            <Button onClick={() => action.mutate('publish')} busy={action.isPending} busyLabel="Publishing…">
              Publish
            </Button>
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete draft
            </Button>
          </>
        ) : null}
        {item.status === 'published' ? (
          <Button variant="secondary" onClick={() => action.mutate('retire')} busy={action.isPending} busyLabel="Retiring…">
            Retire
          </Button>
        ) : null}
        {item.status === 'retired' ? (
          <Button variant="secondary" onClick={() => action.mutate('restore')} busy={action.isPending} busyLabel="Restoring…">
            Restore
          </Button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this draft?"
        confirmLabel="Delete draft"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>The draft has never been on an exam. Deleting it cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

export function ItemPage({ id }: { id: string }) {
  const item = useQuery(itemQuery(id));
  useDocumentTitle(item.data ? `Item ${item.data.itemKey}` : 'Item');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (draft: ItemDraft) =>
      patch<{ outcome: Outcome; item: ItemDetail }>(`/api/v1/items/${id}`, {
        kind: draft.kind,
        competency: draft.competency,
        stem: draft.stem,
        options: draft.options,
        scenarioId: draft.scenarioId || null,
        expectedVersion: item.data?.currentVersion,
      }),
    onSuccess: (res) => {
      queryClient.setQueryData(itemQuery(id).queryKey, res.item);
      void queryClient.invalidateQueries({ queryKey: ['items'] });
      const text = outcomeText(res.outcome, res.item);
      setOutcome(text);
      announce(text);
      setEditing(false);
    },
  });

  return (
    <>
      <PageHeader
        title={item.data ? `Item ${item.data.itemKey}` : 'Item'}
        description={item.data ? `Bank ${item.data.bankKey} · competency ${item.data.competency} · version ${item.data.currentVersion}` : undefined}
        actions={
          <Link to="/authoring/items" search={item.data ? { bankKey: item.data.bankKey } : {}} className="button button--secondary">
            Back to the items
          </Link>
        }
      />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        {item.isPending ? <Loading label="Loading the item…" /> : null}
        <ErrorAlert error={item.error} />
        {item.data ? (
          <>
            {outcome ? (
              <Notice kind="success" role="status">
                {outcome}
              </Notice>
            ) : null}
            {item.data.scenario ? (
              <p>
                Part of the scenario set{' '}
                <Link to="/authoring/scenarios/$id" params={{ id: item.data.scenario.id }}>
                  {item.data.scenario.title}
                </Link>
                .
              </p>
            ) : null}
            <Lifecycle item={item.data} />
            {editing ? (
              <section aria-labelledby="edit-heading">
                <h2 id="edit-heading">Edit the item</h2>
                {item.data.status !== 'draft' ? <Notice>This item is {item.data.status}: saving a change makes version {item.data.currentVersion + 1}. Attempts keep the version they were given.</Notice> : null}
                <ItemForm
                  key={item.data.currentVersion}
                  initial={toDraft(item.data)}
                  bankFixed
                  error={save.error}
                  busy={save.isPending}
                  submitLabels={{ save: 'Save changes' }}
                  onSubmit={(draft) => save.mutate(draft)}
                />
                <Button variant="secondary" onClick={() => { setEditing(false); save.reset(); }}>
                  Cancel editing
                </Button>
              </section>
            ) : (
              <section className="card" aria-labelledby="current-heading">
                <h2 id="current-heading" className="visually-hidden">Current version</h2>
                <VersionView version={item.data.current} headingLevel={3} />
                <div className="form__actions">
                  <Button onClick={() => { setOutcome(null); setEditing(true); }}>Edit the item</Button>
                </div>
              </section>
            )}
            <VersionHistory item={item.data} />
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
