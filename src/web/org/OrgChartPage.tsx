import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { orgChartQuery, teamsQuery } from '../api/org';
import { ErrorAlert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { SelectField } from '../ui/Field';
import { levelLabel } from '../ui/format';
import { useDocumentTitle } from '../ui/hooks';
import { EmptyState, PageHeader } from '../ui/Misc';
import { Loading, Spinner } from '../ui/Spinner';
import { OrgNav } from './OrgNav';
import { allIdsWithChildren, buildOrgTree, countDescendants, type TreeNode } from './orgTree';

function OrgNode({ node, expanded, toggle }: { node: TreeNode; expanded: Set<string>; toggle: (id: string) => void }) {
  const { person, children } = node;
  const open = expanded.has(person.id);
  const groupId = `org-children-${person.id}`;
  const details = [person.jobRole, person.careerLevel ? levelLabel(person.careerLevel) : null, person.teamName].filter(Boolean).join(' · ');
  return (
    <li className="org-node">
      <div className="org-node__row">
        {children.length ? (
          <button
            type="button"
            className="org-node__toggle"
            aria-expanded={open}
            aria-controls={open ? groupId : undefined}
            onClick={() => toggle(person.id)}
          >
            <span aria-hidden="true" className="org-node__chevron">
              {open ? '▾' : '▸'}
            </span>
            <span className="visually-hidden">
              {open ? 'Collapse' : 'Expand'} {person.name}'s reports
            </span>
          </button>
        ) : (
          <span className="org-node__spacer" aria-hidden="true" />
        )}
        <div className="org-node__card">
          <Link to="/people/$id" params={{ id: person.id }} className="org-node__name">
            {person.name}
          </Link>
          {details ? <span className="org-node__details">{details}</span> : null}
          {children.length ? (
            <span className="org-node__count">
              {children.length} direct {children.length === 1 ? 'report' : 'reports'}
              {countDescendants(node) > children.length ? `, ${countDescendants(node)} in total` : ''}
            </span>
          ) : null}
        </div>
      </div>
      {children.length && open ? (
        // Closed branches are not rendered at all, so large organisations stay fast.
        <ul id={groupId} className="org-tree__group">
          {children.map((c) => (
            <OrgNode key={c.person.id} node={c} expanded={expanded} toggle={toggle} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function OrgChartPage({ teamId }: { teamId?: string }) {
  useDocumentTitle('Org chart');
  const navigate = useNavigate();
  const teams = useQuery(teamsQuery);
  const chart = useQuery(orgChartQuery(teamId));
  const tree = useMemo(() => buildOrgTree(chart.data?.items ?? []), [chart.data]);
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  // Until the person chooses, show the top two levels.
  const effective = useMemo(() => expanded ?? new Set(tree.filter((n) => n.children.length).map((n) => n.person.id)), [expanded, tree]);
  const toggle = (id: string) => {
    const next = new Set(effective);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };

  return (
    <>
      <PageHeader title="Org chart" description="Who reports to whom. Open a person to see their profile." />
      <OrgNav />
      <div className="filters">
        <SelectField
          label="Team"
          value={teamId ?? ''}
          emptyLabel="Whole organisation"
          options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          onChange={(e) => {
            setExpanded(null);
            void navigate({ to: '/org-chart', search: { teamId: e.target.value || undefined }, replace: true });
          }}
        />
        <div className="filters__buttons">
          <Button variant="secondary" onClick={() => setExpanded(allIdsWithChildren(tree))}>
            Expand all
          </Button>
          <Button variant="secondary" onClick={() => setExpanded(new Set())}>
            Collapse all
          </Button>
        </div>
        <div className="filters__status" aria-live="polite">
          {chart.isFetching && !chart.isPending ? (
            <span className="inline-loading">
              <Spinner size="small" /> Updating…
            </span>
          ) : chart.data ? (
            <span>{chart.data.items.length} people</span>
          ) : null}
        </div>
      </div>
      {chart.isPending ? <Loading label="Loading the org chart…" /> : null}
      <ErrorAlert error={chart.error} />
      {chart.data && tree.length === 0 ? <EmptyState>No people to show.</EmptyState> : null}
      {tree.length > 0 ? (
        <div className="card org-chart">
          <ul className="org-tree" aria-label="Reporting lines">
            {tree.map((n) => (
              <OrgNode key={n.person.id} node={n} expanded={effective} toggle={toggle} />
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
