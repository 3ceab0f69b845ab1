/**
 * Starting points for the seven situations every IT department should have a procedure for
 * (docs/users/escalation-binder.md). Text is ours. Steps follow the usual rhythm: 30 minutes, 1
 * hour, 2 hours, then the last step repeats every hour until the problem is resolved. Each step
 * names the contact roles it tells; creating a procedure with contacts in those roles ticks them.
 */
export const SITUATIONS = [
  'site-connectivity',
  'weather-closure',
  'email-outage',
  'critical-application',
  'critical-server',
  'internet-intranet',
  'phone-system',
  'other',
] as const;
export type Situation = (typeof SITUATIONS)[number];

export const SITUATION_LABELS: Record<Situation, string> = {
  'site-connectivity': 'Loss of connectivity at a remote site',
  'weather-closure': 'Weather or disaster closure',
  'email-outage': 'E-mail outage',
  'critical-application': 'Mission-critical application down',
  'critical-server': 'Mission-critical server down',
  'internet-intranet': 'Internet or intranet access lost',
  'phone-system': 'Phone system outage',
  other: 'Other situation',
};

export interface TemplateContact {
  role: string;
  kind: 'person' | 'vendor';
  why: string;
}

export interface TemplateStep {
  offsetMinutes: number;
  title: string;
  notifyRoles: string[];
  expected: string;
}

export interface ProcedureTemplate {
  key: Exclude<Situation, 'other'>;
  situation: Exclude<Situation, 'other'>;
  title: string;
  summary: string;
  /** The support area whose Expert usually owns this procedure. */
  supportArea: string;
  services: string[];
  contacts: TemplateContact[];
  steps: TemplateStep[];
  repeatEveryMinutes: number;
  statusUpdateEveryMinutes: number;
}

const IT_MANAGER: TemplateContact = { role: 'IT manager', kind: 'person', why: 'Owns the decision to escalate further and keeps senior management informed.' };
const SITE_MANAGER: TemplateContact = { role: 'Site manager', kind: 'person', why: 'Runs the affected site and decides on local workarounds.' };
const SERVICE_DESK: TemplateContact = { role: 'Service desk lead', kind: 'person', why: 'Fields the calls, posts the known-issue message and logs who is affected.' };
const DIRECTOR: TemplateContact = { role: 'IT director', kind: 'person', why: 'Told when the outage runs long; decides on business continuity measures.' };

export const TEMPLATES: ProcedureTemplate[] = [
  {
    key: 'site-connectivity',
    situation: 'site-connectivity',
    title: 'Remote site has lost its network connection',
    summary:
      'A branch, clinic or warehouse can no longer reach the data centre or the internet. Confirm it is the line and not local power or a switch, open a ticket with the carrier straight away, and keep the site told how long it will last so they can switch to paper or another site.',
    supportArea: 'WAN/telecom',
    services: ['WAN link', 'Site VPN'],
    contacts: [
      IT_MANAGER,
      SITE_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'Carrier NOC', kind: 'vendor', why: 'Owns the circuit; gives the ticket number and the engineer dispatch time.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Carrier ticket open, site told',
        notifyRoles: ['Site manager', 'Service desk lead', 'Carrier NOC'],
        expected:
          'IT point person has opened a carrier ticket with the circuit ID and has its number. Site manager confirms power and the local switch are up and starts the offline routine (paper forms, backup site for urgent work). Service desk posts a known-issue message.',
      },
      {
        offsetMinutes: 60,
        title: 'Manager informed, restoration estimate',
        notifyRoles: ['IT manager', 'Site manager', 'Carrier NOC'],
        expected:
          'Carrier gives an estimated restoration time or an engineer dispatch time. IT manager decides whether to bring in the backup link (4G router or second carrier). Site manager tells staff how long to plan for.',
      },
      {
        offsetMinutes: 120,
        title: 'Escalate with the carrier, director informed',
        notifyRoles: ['IT manager', 'IT director', 'Carrier NOC'],
        expected:
          'IT manager escalates to the carrier account manager and asks for the next escalation level. Director decides on moving critical work to another site. Repeat hourly with the latest estimate until the link is back and traffic is confirmed normal.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
  {
    key: 'weather-closure',
    situation: 'weather-closure',
    title: 'Site closed by weather or a disaster',
    summary:
      'Snow, flood, storm, fire or a building problem closes a site or keeps staff away. IT keeps remote access working, protects equipment on site and makes sure the systems the business still needs are reachable from elsewhere.',
    supportArea: 'Infrastructure',
    services: ['Remote access (VPN)', 'Data centre power and cooling', 'Backups'],
    contacts: [
      IT_MANAGER,
      SITE_MANAGER,
      DIRECTOR,
      { role: 'Facilities', kind: 'person', why: 'Knows the state of the building, power and access.' },
      { role: 'Power or generator vendor', kind: 'vendor', why: 'Keeps the generator fuelled and running when mains power is lost.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Closure confirmed, remote working checked',
        notifyRoles: ['Site manager', 'Facilities', 'IT manager'],
        expected:
          'Site manager confirms who is staying home and which work must continue. IT point person checks VPN capacity and licences for the extra remote users. Facilities reports power, water and building access.',
      },
      {
        offsetMinutes: 60,
        title: 'Protect equipment and data',
        notifyRoles: ['IT manager', 'Facilities', 'Power or generator vendor'],
        expected:
          'Confirm the last good backup of the site servers. If power or flooding threatens the equipment room, shut down in the agreed order and tell the generator vendor. IT manager records which services will be unavailable.',
      },
      {
        offsetMinutes: 120,
        title: 'Director decides on continuity measures',
        notifyRoles: ['IT director', 'IT manager', 'Site manager'],
        expected:
          'Director decides whether to move work to another site or start the disaster recovery plan. Repeat hourly with the state of the site and the expected reopening until staff are back and systems are checked.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 60,
  },
  {
    key: 'email-outage',
    situation: 'email-outage',
    title: 'E-mail is down',
    summary:
      'People cannot send or receive e-mail, or mail is badly delayed. Check the provider status page and the mail gateway first, tell everyone another way (Teams, intranet banner, phone tree), and keep a list of urgent messages that must go out.',
    supportArea: 'E-mail',
    services: ['E-mail', 'Calendar', 'Mail gateway'],
    contacts: [
      IT_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'E-mail provider support', kind: 'vendor', why: 'Hosts the mailboxes; gives incident numbers and estimates.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Scope known, users told another way',
        notifyRoles: ['Service desk lead', 'IT manager', 'E-mail provider support'],
        expected:
          'IT point person knows whether it is all users or some, inbound or outbound, and whether the provider reports an incident; opens a provider case if not. Service desk announces the outage on chat and the intranet, not by e-mail.',
      },
      {
        offsetMinutes: 60,
        title: 'Estimate and workaround',
        notifyRoles: ['IT manager', 'E-mail provider support'],
        expected:
          'Provider gives a restoration estimate. IT manager decides on a workaround for urgent mail (web access, phones on cellular, a temporary shared mailbox) and tells department heads.',
      },
      {
        offsetMinutes: 120,
        title: 'Escalate with the provider, director informed',
        notifyRoles: ['IT director', 'IT manager', 'E-mail provider support'],
        expected:
          'IT manager raises the provider case to the highest severity and asks for a technical lead. Director is told the business impact. Repeat hourly until mail flows and the queued messages are delivered.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
  {
    key: 'critical-application',
    situation: 'critical-application',
    title: 'Mission-critical application is down',
    summary:
      'A business application the organisation cannot work without (billing, scheduling, patient records, ordering) is down or unusable. Find out whether it is the application, its database or the network, get the vendor engaged early, and give the business owner a straight answer on when to switch to the manual procedure.',
    supportArea: 'Key applications',
    services: [],
    contacts: [
      IT_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'Business owner', kind: 'person', why: 'Decides when the department switches to the manual procedure.' },
      { role: 'Application vendor support', kind: 'vendor', why: 'Supports the product; needs the version, error messages and logs.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Cause narrowed, vendor engaged',
        notifyRoles: ['Business owner', 'Service desk lead', 'Application vendor support'],
        expected:
          'IT point person has checked the application servers, database and recent changes, and opened a vendor case with error messages and logs. Business owner is told what works and what does not.',
      },
      {
        offsetMinutes: 60,
        title: 'Manual procedure decision',
        notifyRoles: ['IT manager', 'Business owner', 'Application vendor support'],
        expected:
          'IT manager and business owner decide whether to start the manual procedure. If a recent change is the likely cause, IT manager decides on rolling it back.',
      },
      {
        offsetMinutes: 120,
        title: 'Director informed, vendor escalated',
        notifyRoles: ['IT director', 'IT manager', 'Application vendor support'],
        expected:
          'Director is told the business impact and the plan. IT manager asks the vendor for its escalation manager. Repeat hourly until the application works and the business owner confirms data entered on paper is caught up.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
  {
    key: 'critical-server',
    situation: 'critical-server',
    title: 'Mission-critical server is down',
    summary:
      'A server that key services run on has failed or will not boot. List what runs on it, decide quickly between repair and restoring elsewhere, and keep the owners of each affected service told.',
    supportArea: 'Servers and storage',
    services: [],
    contacts: [
      IT_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'Hardware vendor support', kind: 'vendor', why: 'Holds the support contract; dispatches parts and engineers.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Impact listed, hardware case open',
        notifyRoles: ['IT manager', 'Service desk lead', 'Hardware vendor support'],
        expected:
          'IT point person lists the services on the server and who uses them, checks the console and hardware logs, and opens a hardware case with the serial number. Service desk posts a known-issue message.',
      },
      {
        offsetMinutes: 60,
        title: 'Repair or restore decision',
        notifyRoles: ['IT manager', 'Hardware vendor support'],
        expected:
          'With the vendor parts estimate in hand, IT manager decides between waiting for repair and restoring the services to standby hardware or a virtual host from the last good backup.',
      },
      {
        offsetMinutes: 120,
        title: 'Director informed, recovery under way',
        notifyRoles: ['IT director', 'IT manager'],
        expected:
          'Director is told which services are down, since when, and the plan. Repeat hourly with progress on repair or restore until services are back and verified by their users.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
  {
    key: 'internet-intranet',
    situation: 'internet-intranet',
    title: 'Internet or intranet access lost',
    summary:
      'People cannot reach the internet, cloud services or the intranet. Check the firewall, proxy, DNS and the internet line in that order, open a case with the provider when it is the line, and tell people which cloud services they can still use.',
    supportArea: 'Network',
    services: ['Internet access', 'Intranet', 'DNS'],
    contacts: [
      IT_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'Internet service provider', kind: 'vendor', why: 'Owns the internet line; gives fault numbers and estimates.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Fault located, provider case open',
        notifyRoles: ['Service desk lead', 'IT manager', 'Internet service provider'],
        expected:
          'IT point person has checked the firewall, proxy and DNS and knows whether the fault is inside or on the line; opens a provider case when it is the line. Service desk tells users what still works.',
      },
      {
        offsetMinutes: 60,
        title: 'Failover decision',
        notifyRoles: ['IT manager', 'Internet service provider'],
        expected:
          'IT manager decides on failing over to the backup line or routing through another site, and tells department heads which cloud services are affected.',
      },
      {
        offsetMinutes: 120,
        title: 'Director informed, provider escalated',
        notifyRoles: ['IT director', 'IT manager', 'Internet service provider'],
        expected:
          'Director is told the impact. IT manager escalates with the provider account team. Repeat hourly until access is restored and the backup line, if used, is switched back.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
  {
    key: 'phone-system',
    situation: 'phone-system',
    title: 'Phone system outage',
    summary:
      'Calls cannot be made or received, or the call centre queues are down. Forward the main numbers to mobiles or another site first so customers can still get through, then find the fault with the phone provider.',
    supportArea: 'Voice and telecom',
    services: ['Phones', 'Call centre queues', 'Voicemail'],
    contacts: [
      IT_MANAGER,
      SITE_MANAGER,
      SERVICE_DESK,
      DIRECTOR,
      { role: 'Phone system provider', kind: 'vendor', why: 'Runs the phone platform or trunks; can re-route numbers.' },
    ],
    steps: [
      {
        offsetMinutes: 30,
        title: 'Main numbers re-routed, provider case open',
        notifyRoles: ['Site manager', 'Service desk lead', 'Phone system provider'],
        expected:
          'IT point person has the provider forward the main and emergency numbers to mobiles or another site and has a case number. Site manager tells the front desk and call centre how calls reach them now.',
      },
      {
        offsetMinutes: 60,
        title: 'Manager informed, estimate',
        notifyRoles: ['IT manager', 'Phone system provider'],
        expected:
          'Provider gives a restoration estimate. IT manager checks that the forwarding works from an outside line and that critical callers (on-call staff, emergency lines) can still reach the team.',
      },
      {
        offsetMinutes: 120,
        title: 'Director informed, provider escalated',
        notifyRoles: ['IT director', 'IT manager', 'Phone system provider'],
        expected:
          'Director is told the customer impact. IT manager escalates with the provider. Repeat hourly until calls work in both directions and the forwarding is removed.',
      },
    ],
    repeatEveryMinutes: 60,
    statusUpdateEveryMinutes: 30,
  },
];

export function findTemplate(key: string): ProcedureTemplate | undefined {
  return TEMPLATES.find((t) => t.key === key);
}
