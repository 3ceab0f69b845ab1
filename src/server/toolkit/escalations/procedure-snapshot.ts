/**
 * What a live incident needs from an escalation procedure, frozen when the incident opens: the
 * incident follows the published version it started from even if the binder is edited later.
 * The binder (procedures, versions) produces it; incidents consume it.
 */
export interface ProcedureContact {
  /** Stable within the procedure version; steps refer to contacts by this id. */
  id: string;
  kind: 'person' | 'vendor';
  name: string;
  /** Set for kind 'person' when the contact is someone in the organisation. */
  personId: string | null;
  role: string;
  email: string | null;
  /** A JSON webhook (chat tools: Slack/Teams/Mattermost-compatible incoming webhooks). */
  webhookUrl: string | null;
}

export interface ProcedureStep {
  id: string;
  /** Minutes after the incident opens; strictly increasing across steps, first >= 0. */
  offsetMinutes: number;
  title: string;
  /** Contact ids told at this step. */
  notify: string[];
  /** What is expected of the people told (shown in the message). */
  expected: string;
}

export interface ProcedureSnapshot {
  procedureId: string;
  versionId: string;
  version: number;
  title: string;
  situation: string;
  summary: string;
  expertPersonId: string | null;
  itPointPersonId: string | null;
  sitePointPersonId: string | null;
  /**
   * Added by the binder (additive): when the site point person is a named contact rather than a
   * person in Milewide, the id of that entry in `contacts`. Binder snapshots always set it (null
   * when the site point person is a person); optional only so hand-made snapshots still compile.
   */
  sitePointContactId?: string | null;
  sites: string[];
  services: string[];
  contacts: ProcedureContact[];
  steps: ProcedureStep[];
  /** After the last step, repeat it every N minutes until resolved (default 60); null = no repeat. */
  repeatEveryMinutes: number | null;
  /** Status updates are due every N minutes while the incident is open (default 30). */
  statusUpdateEveryMinutes: number;
}
