import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldError, post } from '../../api/client';
import { ESC, proposalsQuery, supportAreasQuery, type Procedure, type Proposal, type ProposalStatus } from '../../api/escalations';
import { can, useMe } from '../../api/identity';
import { ErrorAlert } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextAreaField } from '../../ui/Field';
import { formatDate } from '../../ui/format';
import { EmptyState, StatusBadge, TableWrap } from '../../ui/Misc';
import { Loading } from '../../ui/Spinner';
import { PROPOSAL_STATUS_LABELS } from './labels';
import { ProposalForm } from './ProposalForm';

const BADGE: Record<ProposalStatus, string> = { proposed: 'pending', accepted: 'accepted', declined: 'revoked' };

function DecisionForm({ proposal, decision, onDone }: { proposal: Proposal; decision: 'accepted' | 'declined'; onDone: () => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: () => post<Proposal>(`${ESC}/proposals/${proposal.id}/decision`, { decision, note: note.trim() || undefined }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(`"${p.title}" was ${p.status}.`);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>
        <strong>{proposal.title}</strong> ({proposal.situationLabel}) for {proposal.supportAreaName}
        {proposal.proposedBy ? `, proposed by ${proposal.proposedBy.name}` : ''}.
      </p>
      {proposal.rationale ? <p className="quote">{proposal.rationale}</p> : null}
      <ErrorAlert error={decide.error} />
      <TextAreaField
        label="Note to the Expert"
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={decision === 'declined' ? 'Say why it does not need a procedure, or what covers it instead.' : 'Optional: anything the Expert should know before drafting.'}
        error={fieldError(decide.error, 'body.note')}
      />
      <div className="form__actions">
        <Button type="submit" variant={decision === 'declined' ? 'danger' : 'primary'} busy={decide.isPending} busyLabel="Saving…">
          {decision === 'accepted' ? 'Accept proposal' : 'Decline proposal'}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function StartDraftForm({ proposal, onDone }: { proposal: Proposal; onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [useTemplate, setUseTemplate] = useState(true);
  const start = useMutation({
    mutationFn: () => post<Procedure>(`${ESC}/proposals/${proposal.id}/procedure`, { useTemplate }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      announce(`Draft "${p.title}" was started.`);
      onDone();
      void navigate({ to: '/toolkit/escalations/procedures/$id', params: { id: p.id } });
    },
  });
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      <p>
        Start the procedure for <strong>{proposal.title}</strong>. It belongs to {proposal.supportAreaName} and its Expert.
      </p>
      <ErrorAlert error={start.error} />
      <label className="checkbox">
        <input type="checkbox" checked={useTemplate} onChange={(e) => setUseTemplate(e.target.checked)} />
        <span>Start from the template for “{proposal.situationLabel}” (summary, services, timed steps and cadence filled in)</span>
      </label>
      <div className="form__actions">
        <Button type="submit" busy={start.isPending} busyLabel="Starting…">
          Start drafting
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Steps 2 and 3: situations the Experts proposed, and the manager's decisions. */
export function ProposalsSection() {
  const { data: me } = useMe();
  const manager = can(me, 'escalations.binder.manage');
  const [status, setStatus] = useState<ProposalStatus | ''>('');
  const proposals = useQuery(proposalsQuery(status || undefined));
  const areas = useQuery(supportAreasQuery);
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<{ proposal: Proposal; decision: 'accepted' | 'declined' } | null>(null);
  const [starting, setStarting] = useState<Proposal | null>(null);
  const areaList = areas.data?.items ?? [];
  const myAreas = areaList.filter((a) => manager || a.expertPersonId === me?.id);
  const mayDraft = (p: Proposal) => manager || areaList.some((a) => a.id === p.supportAreaId && a.expertPersonId === me?.id);
  const items = proposals.data?.items ?? [];

  return (
    <section className="card" aria-labelledby="proposals-heading">
      <div className="section-head">
        <h2 id="proposals-heading">Proposed situations</h2>
        {myAreas.length > 0 ? <Button onClick={() => setProposing(true)}>Propose a situation</Button> : null}
      </div>
      <p className="muted">
        {manager
          ? 'Agree the list: accept the situations that need a procedure and decline the rest, with a note. A decision can change until drafting starts.'
          : 'Situations proposed for the support areas you are the Expert for.'}
      </p>
      <div className="filters">
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.target.value as ProposalStatus | '')}
          options={[
            { value: '', label: 'All proposals' },
            { value: 'proposed', label: 'Waiting for a decision' },
            { value: 'accepted', label: 'Accepted' },
            { value: 'declined', label: 'Declined' },
          ]}
        />
      </div>
      {proposals.isPending ? <Loading label="Loading proposals…" /> : null}
      <ErrorAlert error={proposals.error} />
      {proposals.data && items.length === 0 ? <EmptyState>No proposals{status ? ' with this status' : ' yet'}.</EmptyState> : null}
      {items.length > 0 ? (
        <TableWrap label="Proposed situations">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Situation</th>
                <th scope="col">Support area</th>
                <th scope="col">Proposed</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} id={`proposal-${p.id}`} tabIndex={-1}>
                  <th scope="row">
                    {p.title}
                    <span className="muted small block">{p.situationLabel}</span>
                    {p.rationale ? <span className="small block">{p.rationale}</span> : null}
                  </th>
                  <td>{p.supportAreaName}</td>
                  <td>
                    {p.proposedBy?.name ?? '—'}
                    <span className="muted small block">{formatDate(p.createdAt)}</span>
                  </td>
                  <td>
                    <StatusBadge status={BADGE[p.status]} label={PROPOSAL_STATUS_LABELS[p.status]} />
                    {p.decisionNote ? <span className="small block">“{p.decisionNote}”</span> : null}
                    {p.decidedBy ? <span className="muted small block">by {p.decidedBy.name}</span> : null}
                  </td>
                  <td>
                    <div className="row-actions row-actions--wrap">
                      {p.procedureId ? (
                        <Link to="/toolkit/escalations/procedures/$id" params={{ id: p.procedureId }} className="button button--secondary">
                          Open procedure<span className="visually-hidden"> for {p.title}</span>
                        </Link>
                      ) : null}
                      {!p.procedureId && p.status === 'accepted' && mayDraft(p) ? (
                        <Button onClick={() => setStarting(p)} aria-label={`Start drafting ${p.title}`}>
                          Start drafting
                        </Button>
                      ) : null}
                      {manager && !p.procedureId && p.status !== 'accepted' ? (
                        <Button variant="secondary" onClick={() => setDeciding({ proposal: p, decision: 'accepted' })} aria-label={`Accept ${p.title}`}>
                          Accept
                        </Button>
                      ) : null}
                      {manager && !p.procedureId && p.status !== 'declined' ? (
                        <Button variant="secondary" onClick={() => setDeciding({ proposal: p, decision: 'declined' })} aria-label={`Decline ${p.title}`}>
                          Decline
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Dialog open={proposing} title="Propose a situation" onClose={() => setProposing(false)}>
        {proposing ? <ProposalForm areas={myAreas} onDone={() => setProposing(false)} /> : null}
      </Dialog>
      <Dialog open={deciding !== null} title={deciding?.decision === 'declined' ? 'Decline the proposal' : 'Accept the proposal'} onClose={() => setDeciding(null)}>
        {deciding ? <DecisionForm key={deciding.proposal.id + deciding.decision} proposal={deciding.proposal} decision={deciding.decision} onDone={() => setDeciding(null)} /> : null}
      </Dialog>
      <Dialog open={starting !== null} title="Start drafting" onClose={() => setStarting(null)}>
        {starting ? <StartDraftForm proposal={starting} onDone={() => setStarting(null)} /> : null}
      </Dialog>
    </section>
  );
}
