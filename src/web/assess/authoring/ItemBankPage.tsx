import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { fieldError, post } from '../../api/client';
import { RequirePermission } from '../../admin/RequirePermission';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { useDebounced, useDocumentTitle } from '../../ui/hooks';
import { EmptyState, PageHeader, StatusBadge, TableWrap } from '../../ui/Misc';
import { Pagination } from '../../ui/Pagination';
import { Loading, Spinner } from '../../ui/Spinner';
import { banksQuery, competencyOptions, itemCompetenciesQuery, itemsQuery, ITEMS_PAGE_SIZE, KIND_LABELS, STATUS_LABELS, type Bank, type ItemFilter } from './api';
import { AuthoringNav } from './AuthoringNav';
import './authoring.css';

export type ItemsSearch = ItemFilter;

function NewBankForm() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [bankKey, setBankKey] = useState('');
  const [title, setTitle] = useState('');
  const create = useMutation({
    mutationFn: () => post<Bank>('/api/v1/item-banks', { bankKey: bankKey.trim(), title: title.trim() }),
    onSuccess: (bank) => {
      void queryClient.invalidateQueries({ queryKey: ['item-banks'] });
      announce(`Bank ${bank.title} created.`);
      setBankKey('');
      setTitle('');
    },
  });
  return (
    <details className="more">
      <summary>Create a bank</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="grid-2">
          <TextField label="Bank key" hint="Lower-case letters, digits and hyphens, e.g. professional." value={bankKey} onChange={(e) => setBankKey(e.target.value)} error={fieldError(create.error, 'body.bankKey')} required />
          <TextField label="Bank title" value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError(create.error, 'body.title')} required />
        </div>
        {create.error && !fieldError(create.error, 'body.bankKey') && !fieldError(create.error, 'body.title') ? <ErrorAlert error={create.error} /> : null}
        {create.isSuccess ? <Notice kind="success">Bank “{create.data.title}” created.</Notice> : null}
        <div className="form__actions">
          <Button type="submit" busy={create.isPending} busyLabel="Creating…">
            Create bank
          </Button>
        </div>
      </form>
    </details>
  );
}

export function ItemBankPage({ search }: { search: ItemsSearch }) {
  useDocumentTitle('Item bank');
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 350);
  const offset = search.offset ?? 0;
  const items = useQuery(itemsQuery({ ...search, offset }));
  const banks = useQuery(banksQuery);
  const competencies = useQuery(itemCompetenciesQuery);

  const setSearch = (next: ItemsSearch) => void navigate({ to: '/authoring/items', search: next, replace: true });
  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) setSearch({ ...search, q: debouncedQ || undefined, offset: undefined });
  }, [debouncedQ]); // eslint-disable-line react-hooks/exhaustive-deps

  const filtered = !!(search.q || search.bankKey || search.competency || search.kind || search.status);

  return (
    <>
      <PageHeader
        title="Item bank"
        description="Exam questions with a rationale for every option. Editing a published item keeps the old version for the attempts that used it."
        actions={
          <Link to="/authoring/items/new" search={{ bankKey: search.bankKey }} className="button button--primary">
            New item
          </Link>
        }
      />
      <AuthoringNav />
      <RequirePermission permission="items.manage">
        <section className="card" aria-labelledby="banks-heading">
          <h2 id="banks-heading">Banks</h2>
          {banks.isPending ? <Loading label="Loading banks…" /> : null}
          <ErrorAlert error={banks.error} />
          {banks.data && banks.data.items.length === 0 ? <EmptyState>No bank yet. Create one below, or import a question file.</EmptyState> : null}
          {banks.data && banks.data.items.length > 0 ? (
            <TableWrap label="Banks">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">Bank</th>
                    <th scope="col" className="num">Published</th>
                    <th scope="col" className="num">Drafts</th>
                    <th scope="col" className="num">Retired</th>
                    <th scope="col" className="num">Scenario sets</th>
                  </tr>
                </thead>
                <tbody>
                  {banks.data.items.map((b) => (
                    <tr key={b.id}>
                      <th scope="row">
                        <Link to="/authoring/items" search={{ bankKey: b.bankKey }}>
                          {b.title}
                        </Link>{' '}
                        <code>{b.bankKey}</code>
                      </th>
                      <td className="num">{b.counts.published}</td>
                      <td className="num">{b.counts.draft}</td>
                      <td className="num">{b.counts.retired}</td>
                      <td className="num">{b.scenarioCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          <NewBankForm />
        </section>

        <form
          className="card"
          role="search"
          aria-label="Search and filter items"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch({ ...search, q: q.trim() || undefined, offset: undefined });
          }}
        >
          <div className="filters">
            <TextField label="Search items" type="search" value={q} onChange={(e) => setQ(e.target.value)} hint="Words in the question, an option, a rationale or the key." />
            <SelectField
              label="Bank"
              value={search.bankKey ?? ''}
              emptyLabel="All banks"
              options={(banks.data?.items ?? []).map((b) => ({ value: b.bankKey, label: b.title }))}
              onChange={(e) => setSearch({ ...search, bankKey: e.target.value || undefined, offset: undefined })}
            />
            <SelectField
              label="Competency"
              value={search.competency ?? ''}
              emptyLabel="All competencies"
              options={competencyOptions(competencies.data?.items)}
              onChange={(e) => setSearch({ ...search, competency: e.target.value || undefined, offset: undefined })}
            />
            <SelectField
              label="Kind"
              value={search.kind ?? ''}
              emptyLabel="Both kinds"
              options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={(e) => setSearch({ ...search, kind: e.target.value || undefined, offset: undefined })}
            />
            <SelectField
              label="Status"
              value={search.status ?? ''}
              emptyLabel="Any status"
              options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={(e) => setSearch({ ...search, status: e.target.value || undefined, offset: undefined })}
            />
          </div>
          <div className="filters__buttons">
            <Button type="submit" variant="secondary">
              Search
            </Button>
            <Button
              variant="secondary"
              disabled={!filtered}
              onClick={() => {
                setQ('');
                setSearch({});
              }}
            >
              Clear all
            </Button>
          </div>
          <div className="filters__status" aria-live="polite" aria-atomic="true">
            {items.isFetching && !items.isPending ? (
              <span className="inline-loading">
                <Spinner size="small" /> Searching…
              </span>
            ) : items.data ? (
              <span>
                {items.data.total} {items.data.total === 1 ? 'item' : 'items'}
                {filtered ? ' match' : ' in all banks'}
              </span>
            ) : null}
          </div>
        </form>

        <ErrorAlert error={items.error} />
        {items.isPending ? <Loading label="Loading items…" /> : null}
        {items.data && items.data.items.length === 0 ? (
          <EmptyState>{filtered ? 'No item matches. Clear a filter or try other words.' : 'No items yet. Write one or import a question file.'}</EmptyState>
        ) : null}
        {items.data && items.data.items.length > 0 ? (
          <>
            <TableWrap label="Items">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Bank</th>
                    <th scope="col">Competency</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">Version</th>
                  </tr>
                </thead>
                <tbody>
                  {items.data.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        <Link to="/authoring/items/$id" params={{ id: item.id }}>
                          {item.stem.length > 140 ? `${item.stem.slice(0, 137)}…` : item.stem}
                        </Link>
                        <div className="small muted">
                          <code>{item.itemKey}</code>
                          {item.scenario ? ` · scenario set “${item.scenario.title}”` : ''}
                        </div>
                      </th>
                      <td>{item.bankKey}</td>
                      <td>{item.competency}</td>
                      <td>{KIND_LABELS[item.kind]}</td>
                      <td>
                        <StatusBadge status={`item-${item.status}`} label={STATUS_LABELS[item.status]} />
                      </td>
                      <td className="num">{item.currentVersion}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pagination total={items.data.total} limit={ITEMS_PAGE_SIZE} offset={offset} onChange={(next) => setSearch({ ...search, offset: next || undefined })} label="Item pages" />
          </>
        ) : null}
      </RequirePermission>
    </>
  );
}
