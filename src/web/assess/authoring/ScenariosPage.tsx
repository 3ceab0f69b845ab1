import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { fieldError, post } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { banksQuery, scenariosQuery, type ScenarioDetail } from './api';
import { AuthoringNav } from './AuthoringNav';
import './authoring.css';

function NewScenarioForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const banks = useQuery(banksQuery);
  const [bankKey, setBankKey] = useState('');
  const [title, setTitle] = useState('');
  const [caseText, setCaseText] = useState('');
  const create = useMutation({
    mutationFn: () => post<ScenarioDetail>('/api/v1/item-scenarios', { bankKey, title: title.trim(), caseText: caseText.trim() }),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: ['item-scenarios'] });
      void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
      announce(`Scenario set ${s.title} created. Now add its items.`);
      void navigate({ to: '/authoring/scenarios/$id', params: { id: s.id } });
    },
  });
  return (
    <section className="card" aria-labelledby="new-scenario-heading">
      <h2 id="new-scenario-heading">New scenario set</h2>
      <p>A case (a situation described in a few paragraphs) followed by several items about it. Candidates see the case above each of its items.</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="grid-2">
          <SelectField
            label="Bank"
            required
            value={bankKey}
            emptyLabel="Choose a bank"
            options={(banks.data?.items ?? []).map((b) => ({ value: b.bankKey, label: `${b.title} (${b.bankKey})` }))}
            onChange={(e) => setBankKey(e.target.value)}
            error={fieldError(create.error, 'body.bankKey')}
          />
          <TextField label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError(create.error, 'body.title')} />
        </div>
        <TextAreaField label="Case text" required rows={8} value={caseText} onChange={(e) => setCaseText(e.target.value)} error={fieldError(create.error, 'body.caseText')} />
        <ErrorAlert error={create.error} />
        <div className="form__actions">
          <Button type="submit" busy={create.isPending} busyLabel="Creating…">
            Create scenario set
          </Button>
        </div>
      </form>
    </section>
  );
}

export function ScenariosPage() {
  useDocumentTitle('Scenario sets');
  const scenarios = useQuery(scenariosQuery());
  return (
    <>
      <PageHeader title="Scenario sets" description="Several items that share one case text, kept together on exam forms." />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        <section className="card" aria-labelledby="scenarios-heading">
          <h2 id="scenarios-heading">Sets</h2>
          {scenarios.isPending ? <Loading label="Loading scenario sets…" /> : null}
          <ErrorAlert error={scenarios.error} />
          {scenarios.data && scenarios.data.items.length === 0 ? <EmptyState>No scenario set yet. Create the first one below.</EmptyState> : null}
          {scenarios.data && scenarios.data.items.length > 0 ? (
            <TableWrap label="Scenario sets">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Bank</th>
                    <th scope="col" className="num">Items</th>
                  </tr>
                </thead>
                <tbody>
                  {scenarios.data.items.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to="/authoring/scenarios/$id" params={{ id: s.id }}>
                          {s.title}
                        </Link>
                      </th>
                      <td>{s.bankKey}</td>
                      <td className="num">{s.itemCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
        </section>
        <NewScenarioForm />
      </RequirePermission>
    </>
  );
}
