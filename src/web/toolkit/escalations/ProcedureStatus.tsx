import type { Procedure } from '../../api/escalations';
import { StatusBadge } from '../../ui/Misc';
import { PROCEDURE_STATUS_LABELS } from './labels';

const BADGE: Record<Procedure['status'], string> = { draft: 'pending', reviewed: 'invited', published: 'active', archived: 'expired' };

/** The procedure's state, with "submitted" for a draft waiting for review. */
export function ProcedureStatusBadge({ procedure }: { procedure: Pick<Procedure, 'status' | 'submittedAt'> }) {
  const submitted = procedure.status === 'draft' && procedure.submittedAt;
  return <StatusBadge status={BADGE[procedure.status]} label={submitted ? 'Draft, submitted for review' : PROCEDURE_STATUS_LABELS[procedure.status]} />;
}

/** "v2 in force", with a note when a newer working copy is being prepared. */
export function VersionInForce({ procedure }: { procedure: Pick<Procedure, 'currentVersion' | 'hasUnpublishedChanges' | 'status'> }) {
  if (procedure.currentVersion === null) return <span className="muted">Not published yet</span>;
  return (
    <>
      Version {procedure.currentVersion} in force
      {procedure.hasUnpublishedChanges || procedure.status !== 'published' ? <span className="muted small block">Newer changes not published yet</span> : null}
    </>
  );
}
