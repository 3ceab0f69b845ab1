import { Link } from '@tanstack/react-router';
import { can, useMe } from '../../api/identity';
import { useDocumentTitle } from '../../ui/hooks';
import { PageHeader } from '../../ui/Misc';
import '../toolkit.css';
import { EscalationsNav } from './EscalationsNav';
import { GuidedBuild } from './GuidedBuild';
import { ProceduresSection } from './ProceduresSection';
import { ProposalsSection } from './ProposalsSection';
import { SupportAreasSection } from './SupportAreasSection';

/** The binder's working area: the guided build, support areas, proposals and procedures. */
export function BinderPage() {
  const { data: me } = useMe();
  const manager = can(me, 'escalations.binder.manage');
  useDocumentTitle(manager ? 'Escalation binder' : 'My escalation procedures');
  return (
    <>
      <PageHeader
        title={manager ? 'Escalation binder' : 'My escalation procedures'}
        description={
          manager
            ? 'Build your binder of escalation procedures in six steps: Experts for each support area, the situations they propose, drafts, your review, and publishing.'
            : 'The support areas and their Experts, and the procedures you own as an Expert. Managers review and publish them.'
        }
        actions={
          can(me, 'escalations.binder.read') ? (
            <Link to="/toolkit/escalations/binder" className="button button--secondary">
              Read the published binder
            </Link>
          ) : null
        }
      />
      <EscalationsNav />
      <GuidedBuild />
      <SupportAreasSection />
      <ProposalsSection />
      <ProceduresSection />
    </>
  );
}
