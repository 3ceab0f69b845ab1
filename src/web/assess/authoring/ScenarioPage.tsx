import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { fieldError, patch } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { TextAreaField, TextField } from '../../ui/Field';
import { useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, StatusBadge } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { scenarioQuery, STATUS_LABELS, type ScenarioDetail } from './api';
import { AuthoringNav } from './AuthoringNav';
import './authoring.css';

function CaseEditor({ scenario, onDone }: { scenario: ScenarioDetail; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(scenario.title);
  const [caseText, setCaseText] = useState(scenario.caseText);
  const save = useMutation({
    mutationFn: () => patch<ScenarioDetail & { itemsVersioned: number }>(`/api/v1/item-scenarios/${scenario.id}`, { title: title.trim(), caseText: caseText.trim() }),
    onSuccess: (next) => {
      queryClient.setQueryData(scenarioQuery(scenario.id).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['items'] });
      void queryClient.invalidateQueries({ queryKey: ['item'] });
      onDone(next.itemsVersioned > 0 ? `Saved. ${next.itemsVersioned} published ${next.itemsVersioned === 1 ? 'item got a new version' : 'items got new versions'} with the new case text.` : 'Saved.');
    },
  });
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <TextField label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError(save.error, 'body.title')} />
      <TextAreaField label="Case text" required rows={10} value={caseText} onChange={(e) => setCaseText(e.target.value)} error={fieldError(save.error, 'body.caseText')} />
      <ErrorAlert error={save.error} />
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          Save the case
        </Button>
      </div>
    </form>
  );
}

export function ScenarioPage({ id }: { id: string }) {
  const scenario = useQuery(scenarioQuery(id));
  useDocumentTitle(scenario.data ? `Scenario set: ${scenario.data.title}` : 'Scenario set');
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const s = scenario.data;
  return (
    <>
      <PageHeader
        title={s ? `Scenario set: ${s.title}` : 'Scenario set'}
        description={s ? `Bank ${s.bankKey}` : undefined}
        actions={
          <Link to="/authoring/scenarios" className="button button--secondary">
            All scenario sets
          </Link>
        }
      />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        {scenario.isPending ? <Loading label="Loading the scenario set…" /> : null}
        <ErrorAlert error={scenario.error} />
        {s ? (
          <>
            {message ? (
              <Notice kind="success" role="status">
                {message}
              </Notice>
            ) : null}
            <section className="card" aria-labelledby="case-heading">
              <h2 id="case-heading">Case</h2>
              {editing ? (
                <CaseEditor
                  scenario={s}
                  onDone={(text) => {
                    setMessage(text);
                    announce(text);
                    setEditing(false);
                  }}
                />
              ) : (
                <>
                  <p className="case-text">{s.caseText}</p>
                  <Button variant="secondary" onClick={() => { setMessage(null); setEditing(true); }}>
                    Edit the case
                  </Button>
                </>
              )}
            </section>
            <section className="card" aria-labelledby="set-items-heading">
              <h2 id="set-items-heading">Items of this set ({s.items.length})</h2>
              {s.items.length === 0 ? <EmptyState>No item yet. Add the first question about this case.</EmptyState> : null}
              {s.items.length > 0 ? (
                <ol aria-label="Items of this set">
                  {s.items.map((item) => (
                    <li key={item.id}>
                      <Link to="/authoring/items/$id" params={{ id: item.id }}>
                        {item.stem}
                      </Link>{' '}
                      <StatusBadge status={`item-${item.status}`} label={STATUS_LABELS[item.status as keyof typeof STATUS_LABELS] ?? item.status} />
                    </li>
                  ))}
                </ol>
              ) : null}
              <Link to="/authoring/items/new" search={{ bankKey: s.bankKey, scenarioId: s.id }} className="button button--primary">
                Add an item to this set
              </Link>
            </section>
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
