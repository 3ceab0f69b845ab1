import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import { recordAudit } from '../../../audit/service.js';
import type { ProcedureContact } from '../procedure-snapshot.js';
import { validateContent } from './content.js';
import { stepsFromTemplate } from './procedures.js';
import { snapshotOf } from './readiness.js';
import { escalationProcedures, escalationProcedureVersions, escalationProposals, escalationSupportAreas } from './schema.js';
import { findTemplate, type Situation } from './templates.js';

type Tx = Pick<Db, 'insert' | 'select'>;
/** Demo people by their seed key. */
export type DemoPeople = Map<string, { id: string; email: string; name: string }>;

type DemoContact = { id: string; role: string; person: string } | { id: string; role: string; name: string; email: string; kind: 'person' | 'vendor' };

interface DemoProcedure {
  area: string;
  situation: Exclude<Situation, 'other'>;
  title: string;
  expert: string;
  itPoint: string;
  sitePoint: { person: string } | { contact: string } | null;
  reviewer: string | null;
  sites: string[];
  services?: string[];
  contacts: DemoContact[];
  state: 'published' | 'draft';
}

const AREAS = [
  { name: 'WAN/telecom', description: 'Clinic and office links, carriers, phones.', expert: 'net-lead' },
  { name: 'E-mail', description: 'Mailboxes, calendars and the mail gateway.', expert: 'sys2' },
  { name: 'Key applications', description: 'Patient scheduling, billing and the integrations between them.', expert: 'dev1' },
  { name: 'Servers and databases', description: 'Virtual hosts, storage and the scheduling database.', expert: 'dba' },
];

const PROCEDURES: DemoProcedure[] = [
  {
    area: 'WAN/telecom',
    situation: 'site-connectivity',
    title: 'A clinic has lost its network connection',
    expert: 'net-lead',
    itPoint: 'sys1',
    sitePoint: { contact: 'practice-manager' },
    reviewer: 'infra-dir',
    sites: ['Riverside Clinic', 'Harbour View Clinic', 'Northgate Lab'],
    contacts: [
      { id: 'it-manager', role: 'IT manager', person: 'net-lead' },
      { id: 'practice-manager', role: 'Site manager', name: 'Clinic practice manager (on duty)', email: 'practice.managers@northwind-clinics.example', kind: 'person' },
      { id: 'desk', role: 'Service desk lead', person: 'desk3' },
      { id: 'director', role: 'IT director', person: 'infra-dir' },
      { id: 'carrier', role: 'Carrier NOC', name: 'Meridian Telecom network operations', email: 'noc@meridian-telecom.example', kind: 'vendor' },
    ],
    state: 'published',
  },
  {
    area: 'E-mail',
    situation: 'email-outage',
    title: 'E-mail is down',
    expert: 'sys2',
    itPoint: 'sys2',
    sitePoint: { person: 'desk-mgr' },
    reviewer: 'infra-dir',
    sites: ['All sites'],
    contacts: [
      { id: 'it-manager', role: 'IT manager', person: 'desk-mgr' },
      { id: 'desk', role: 'Service desk lead', person: 'desk3' },
      { id: 'director', role: 'IT director', person: 'infra-dir' },
      { id: 'provider', role: 'E-mail provider support', name: 'Bluefin Mail Services support', email: 'support@bluefin-mail.example', kind: 'vendor' },
    ],
    state: 'published',
  },
  {
    area: 'Key applications',
    situation: 'critical-application',
    title: 'Patient scheduling system is down',
    expert: 'dev1',
    itPoint: 'dba',
    sitePoint: { contact: 'front-desk' },
    reviewer: 'apps-dir',
    sites: ['Riverside Clinic', 'Harbour View Clinic'],
    services: ['Patient scheduling', 'Appointment reminders'],
    contacts: [
      { id: 'it-manager', role: 'IT manager', person: 'apps-mgr' },
      { id: 'desk', role: 'Service desk lead', person: 'desk3' },
      { id: 'director', role: 'IT director', person: 'apps-dir' },
      { id: 'owner', role: 'Business owner', name: 'Head of clinic operations', email: 'clinic.operations@northwind-clinics.example', kind: 'person' },
      { id: 'front-desk', role: 'Front desk lead', name: 'Harbour View front desk lead', email: 'frontdesk.harbourview@northwind-clinics.example', kind: 'person' },
      { id: 'vendor', role: 'Application vendor support', name: 'Carelink Scheduling support', email: 'support@carelink-scheduling.example', kind: 'vendor' },
    ],
    state: 'published',
  },
  {
    area: 'WAN/telecom',
    situation: 'phone-system',
    title: 'Phone system outage',
    expert: 'sys1',
    itPoint: 'sys1',
    sitePoint: null,
    reviewer: null,
    sites: [],
    contacts: [
      { id: 'it-manager', role: 'IT manager', person: 'net-lead' },
      { id: 'desk', role: 'Service desk lead', person: 'desk3' },
      { id: 'provider', role: 'Phone system provider', name: 'Meridian Telecom voice support', email: 'voice@meridian-telecom.example', kind: 'vendor' },
    ],
    state: 'draft',
  },
];

function contactsOf(list: DemoContact[], people: DemoPeople): ProcedureContact[] {
  return list.map((c) => {
    if ('person' in c) {
      const p = people.get(c.person)!;
      return { id: c.id, kind: 'person', name: p.name, personId: p.id, role: c.role, email: p.email, webhookUrl: null };
    }
    return { id: c.id, kind: c.kind, name: c.name, personId: null, role: c.role, email: c.email, webhookUrl: null };
  });
}

/**
 * The demo organisation's escalation binder, part way through its build: four support areas with
 * their Experts, three procedures published, one still being drafted and one situation waiting for
 * the manager's decision, so the binder, its progress and incidents all have something to show.
 */
export async function seedDemoBinder(tx: Tx, orgId: string, people: DemoPeople): Promise<void> {
  const id = (key: string) => people.get(key)!.id;
  const areaIds = new Map<string, string>();
  for (const a of AREAS) {
    const [row] = await tx.insert(escalationSupportAreas).values({ orgId, name: a.name, description: a.description, expertPersonId: id(a.expert) }).returning();
    areaIds.set(a.name, row.id);
  }
  const now = Date.now();
  for (const [i, p] of PROCEDURES.entries()) {
    const template = findTemplate(p.situation)!;
    const areaId = areaIds.get(p.area)!;
    const [proposal] = await tx
      .insert(escalationProposals)
      .values({ orgId, supportAreaId: areaId, situation: p.situation, title: p.title, proposedBy: id(p.expert), status: 'accepted', decidedBy: id('infra-dir'), decidedAt: new Date(now - (20 - i) * 86_400_000) })
      .returning();
    const contacts = contactsOf(p.contacts, people);
    const steps = stepsFromTemplate(template, contacts);
    const sitePointPersonId = p.sitePoint && 'person' in p.sitePoint ? id(p.sitePoint.person) : null;
    const sitePointContactId = p.sitePoint && 'contact' in p.sitePoint ? p.sitePoint.contact : null;
    validateContent({ contacts, steps, sitePointContactId, sitePointPersonId });
    const published = p.state === 'published';
    const reviewedAt = published ? new Date(now - (10 - i) * 86_400_000) : null;
    const [row] = await tx
      .insert(escalationProcedures)
      .values({
        orgId,
        supportAreaId: areaId,
        proposalId: proposal.id,
        templateKey: template.key,
        situation: p.situation,
        title: p.title,
        summary: template.summary,
        expertPersonId: id(p.expert),
        itPointPersonId: id(p.itPoint),
        sitePointPersonId,
        sitePointContactId,
        sites: p.sites,
        services: p.services ?? template.services,
        contacts,
        steps,
        repeatEveryMinutes: template.repeatEveryMinutes,
        statusUpdateEveryMinutes: template.statusUpdateEveryMinutes,
        status: published ? 'published' : 'draft',
        currentVersion: published ? 1 : null,
        reviewedBy: p.reviewer ? id(p.reviewer) : null,
        reviewedAt,
        createdBy: id(p.expert),
      })
      .returning();
    if (published) {
      const versionId = randomUUID();
      await tx.insert(escalationProcedureVersions).values({ id: versionId, orgId, procedureId: row.id, version: 1, snapshot: snapshotOf(row, versionId, 1), publishedBy: id(p.reviewer!), reviewedBy: id(p.reviewer!), publishedAt: reviewedAt! });
    }
  }
  await tx.insert(escalationProposals).values({
    orgId,
    supportAreaId: areaIds.get('Servers and databases')!,
    situation: 'critical-server',
    title: 'Scheduling database server down',
    rationale: 'The scheduling database runs on one host; a failure stops every clinic booking.',
    proposedBy: id('dba'),
  });
  await recordAudit(tx, null, { orgId, action: 'escalation.binder.seed', entityType: 'organisation', entityId: orgId, after: { supportAreas: AREAS.length, procedures: PROCEDURES.length, demo: true } });
}
