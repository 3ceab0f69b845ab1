import type { Actor } from '../../src/server/access/policy.js';
import { archiveProcedure, publishProcedure, reviewProcedure } from '../../src/server/toolkit/escalations/binder/lifecycle.js';
import { createProcedure } from '../../src/server/toolkit/escalations/binder/procedures.js';
import { decideProposal, proposeSituation } from '../../src/server/toolkit/escalations/binder/proposals.js';
import { createSupportArea } from '../../src/server/toolkit/escalations/binder/support-areas.js';
import type { TestServer } from '../support/server.js';

type WalkWho = 'anonymous' | 'otherAdmin' | 'learner' | 'author' | 'mentor' | 'manager' | 'admin';
type PerCaller = Record<WalkWho, string>;

export interface BinderWalkIds {
  /** Renamed by every manager; learner, author and mentor are Experts of their own areas. */
  areaId: string;
  /** A support area each caller may propose for: their own as Expert, any for managers. */
  areaOf: PerCaller;
  /** An empty area per manager caller, for them to delete. */
  doomedAreaOf: PerCaller;
  /** A proposal still open to a decision. */
  proposalId: string;
  /** An accepted proposal per caller in an area they own, for them to start drafting. */
  acceptedProposalOf: PerCaller;
  /** A draft each caller owns (managers: any draft), read, edited and submitted by them. */
  draftOf: PerCaller;
  /** A complete draft per manager caller, for them to review. */
  reviewableOf: PerCaller;
  /** A draft sent back by every manager caller. */
  returnableId: string;
  /** A reviewed procedure per manager caller, for them to publish. */
  publishableOf: PerCaller;
  archivableOf: PerCaller;
  restorableOf: PerCaller;
  /** Published, in the binder: versions, share, read and PDF. */
  publishedId: string;
}

const CALLERS = ['learner', 'author', 'mentor', 'manager', 'admin'] as const;

function fill(values: Partial<PerCaller>, fallback: string): PerCaller {
  return { anonymous: fallback, otherAdmin: fallback, learner: fallback, author: fallback, mentor: fallback, manager: fallback, admin: fallback, ...values };
}

/** Binder records in organisation A for the authorisation walk, made through the binder's own services. */
export async function createBinderWalkFixtures(server: TestServer, actors: Record<WalkWho, Actor | null>): Promise<BinderWalkIds> {
  const ctx = server.runtime.ctx;
  const admin = actors.admin!;
  const complete = (expert: string) => ({
    templateKey: 'site-connectivity',
    expertPersonId: expert,
    itPointPersonId: expert,
    sitePointPersonId: expert,
    sites: ['Walk site'],
    contacts: [{ id: 'noc', kind: 'vendor' as const, name: 'Walk NOC', role: 'Carrier NOC', email: 'noc@walk-vendor.test' }],
  });
  const procedure = async (expert: string) => (await createProcedure(ctx, admin, complete(expert))).id;

  const area = await createSupportArea(ctx, admin, { name: 'Walk WAN/telecom', expertPersonId: admin.personId });
  const areaOf: Partial<PerCaller> = {};
  const doomedAreaOf: Partial<PerCaller> = {};
  const acceptedProposalOf: Partial<PerCaller> = {};
  const draftOf: Partial<PerCaller> = {};
  const reviewableOf: Partial<PerCaller> = {};
  const publishableOf: Partial<PerCaller> = {};
  const archivableOf: Partial<PerCaller> = {};
  const restorableOf: Partial<PerCaller> = {};
  for (const who of CALLERS) {
    const person = actors[who]!.personId;
    areaOf[who] = (await createSupportArea(ctx, admin, { name: `Walk area of ${who}`, expertPersonId: person })).id;
    const accepted = await proposeSituation(ctx, admin, areaOf[who]!, { situation: 'phone-system' });
    await decideProposal(ctx, admin, accepted.id, { decision: 'accepted' });
    acceptedProposalOf[who] = accepted.id;
    draftOf[who] = await procedure(person);
  }
  for (const who of ['manager', 'admin'] as const) {
    doomedAreaOf[who] = (await createSupportArea(ctx, admin, { name: `Walk area ${who} removes` })).id;
    reviewableOf[who] = await procedure(admin.personId);
    publishableOf[who] = await procedure(admin.personId);
    await reviewProcedure(ctx, admin, publishableOf[who]!, '');
    archivableOf[who] = await procedure(admin.personId);
    restorableOf[who] = await procedure(admin.personId);
    await archiveProcedure(ctx, admin, restorableOf[who]!);
  }
  const proposal = await proposeSituation(ctx, admin, area.id, { situation: 'email-outage' });
  const returnableId = await procedure(admin.personId);
  const publishedId = await procedure(admin.personId);
  await reviewProcedure(ctx, admin, publishedId, '');
  await publishProcedure(ctx, admin, publishedId);

  return {
    areaId: area.id,
    areaOf: fill(areaOf, area.id),
    doomedAreaOf: fill(doomedAreaOf, doomedAreaOf.admin!),
    proposalId: proposal.id,
    acceptedProposalOf: fill(acceptedProposalOf, acceptedProposalOf.admin!),
    draftOf: fill(draftOf, draftOf.admin!),
    reviewableOf: fill(reviewableOf, reviewableOf.admin!),
    returnableId,
    publishableOf: fill(publishableOf, publishableOf.admin!),
    archivableOf: fill(archivableOf, archivableOf.admin!),
    restorableOf: fill(restorableOf, restorableOf.admin!),
    publishedId,
  };
}
