import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, patch } from '../../api/client';
import { ESC, supportAreasQuery, templatesQuery, type Procedure } from '../../api/escalations';
import { PersonPicker } from '../../admin/PersonPicker';
import { ErrorAlert, Notice } from '../../ui/Alert';
import { useAnnounce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { ContactsEditor } from './ContactsEditor';
import { bodyOf, draftOf, localErrors, type ContactDraft, type ProcedureDraft } from './draft';
import { minutesLabel } from './labels';
import { StepsEditor } from './StepsEditor';

/**
 * Edits the working copy of a procedure. Saving sends the revision it started from, so a change
 * someone else saved meanwhile is reported instead of overwritten.
 */
export function ProcedureForm({
  procedure,
  manager,
  onDirtyChange,
  onReload,
}: {
  procedure: Procedure;
  manager: boolean;
  onDirtyChange: (dirty: boolean) => void;
  onReload: () => void;
}) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const templates = useQuery(templatesQuery);
  const areas = useQuery({ ...supportAreasQuery, enabled: manager });
  const [draft, setDraft] = useState<ProcedureDraft>(() => draftOf(procedure));
  const [saved, setSaved] = useState(() => JSON.stringify(draftOf(procedure)));
  // The revision this draft started from: sent with the save so that someone else's change is not overwritten.
  const [base, setBase] = useState(procedure.revision);
  const [local, setLocal] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(draft) !== saved;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  // Leaving with unsaved changes asks first (and the browser asks on reload or closing the tab).
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const blocker = useBlocker({ shouldBlockFn: () => dirtyRef.current, enableBeforeUnload: () => dirtyRef.current, withResolver: true });
  // Someone else saved meanwhile and nothing is being edited here: show their version.
  useEffect(() => {
    if (procedure.revision !== base && !dirty) {
      const fresh = draftOf(procedure);
      setDraft(fresh);
      setSaved(JSON.stringify(fresh));
      setBase(procedure.revision);
    }
  }, [procedure, base, dirty]);

  const save = useMutation({
    mutationFn: () => patch<Procedure>(`${ESC}/procedures/${procedure.id}`, bodyOf(draft, base, manager)),
    onSuccess: (next) => {
      queryClient.setQueryData(['escalations', 'procedure', next.id], next);
      void queryClient.invalidateQueries({ queryKey: ['escalations'], predicate: (q) => q.queryKey[1] !== 'procedure' });
      const fresh = draftOf(next);
      setDraft(fresh);
      setSaved(JSON.stringify(fresh));
      setBase(next.revision);
      announce(
        procedure.status === 'draft'
          ? 'The procedure was saved.'
          : procedure.status === 'published'
            ? `Saved as a new draft. Version ${next.currentVersion ?? ''} stays in force until this draft is published.`
            : 'Saved. The procedure is a draft again and needs a new review.',
      );
    },
  });
  const serverErr = save.error;
  const err = (path: string): string | undefined => local[path] ?? (serverErr instanceof ApiError ? serverErr.fieldMessage(path) : undefined);
  const set = (patch: Partial<ProcedureDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const setContacts = (contacts: ContactDraft[]) => {
    const gone = new Set(draft.contacts.filter((c) => !contacts.some((n) => n.id === c.id)).map((c) => c.id));
    if (gone.size === 0) return set({ contacts });
    // A removed contact is taken off the steps that told it, so no step points at a contact that is gone.
    const touched = draft.steps.map((s, i) => (s.notify.some((id) => gone.has(id)) ? i + 1 : 0)).filter(Boolean);
    set({
      contacts,
      steps: draft.steps.map((s) => ({ ...s, notify: s.notify.filter((id) => !gone.has(id)) })),
      sitePointContactId: gone.has(draft.sitePointContactId) ? '' : draft.sitePointContactId,
    });
    announce(touched.length ? `Contact removed, and taken off step ${touched.join(', ')}.` : 'Contact removed.');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = localErrors(draft);
    setLocal(problems);
    if (Object.keys(problems).length) {
      save.reset();
      announce('Some fields need fixing before the procedure can be saved.');
      return;
    }
    save.mutate();
  };

  const stale = serverErr instanceof ApiError && serverErr.code === 'stale_revision';
  const contactOptions = draft.contacts.map((c) => ({ value: c.id, label: c.name.trim() ? `${c.name}${c.role ? ` (${c.role})` : ''}` : 'Unnamed contact' }));

  return (
    <form className="form form--wide procedure-form" onSubmit={submit} noValidate aria-labelledby="procedure-form-heading">
      <h2 id="procedure-form-heading" className="visually-hidden">
        Edit the procedure
      </h2>
      {Object.keys(local).length ? <Notice kind="warning" role="alert">Some fields need fixing: they are marked below.</Notice> : null}
      <ErrorAlert error={serverErr} title="The procedure was not saved." />
      {stale ? (
        <p>
          <Button
            variant="secondary"
            onClick={() => {
              save.reset();
              onReload();
            }}
          >
            Load the latest version (your unsaved changes are lost)
          </Button>
        </p>
      ) : null}

      <section className="card" aria-labelledby="sec-about">
        <h2 id="sec-about">About</h2>
        <TextField id="proc-title" label="Title" required value={draft.title} onChange={(e) => set({ title: e.target.value })} error={err('body.title')} />
        <div className="form__row">
          <SelectField
            id="proc-situation"
            label="Situation"
            value={draft.situation}
            onChange={(e) => set({ situation: e.target.value })}
            options={(templates.data?.situations ?? [{ key: draft.situation, label: procedure.situationLabel }]).map((s) => ({ value: s.key, label: s.label }))}
            error={err('body.situation')}
          />
          {manager ? (
            <SelectField
              id="proc-supportAreaId"
              label="Support area"
              value={draft.supportAreaId}
              emptyLabel="None"
              onChange={(e) => set({ supportAreaId: e.target.value })}
              options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
              error={err('body.supportAreaId')}
            />
          ) : (
            <div className="field">
              <p className="field__label">Support area</p>
              <p>{procedure.supportAreaName ?? 'None'}</p>
            </div>
          )}
        </div>
        <TextAreaField
          id="proc-summary"
          label="Summary"
          rows={4}
          value={draft.summary}
          onChange={(e) => set({ summary: e.target.value })}
          hint="What the situation is and the first things to check, in a few sentences."
          error={err('body.summary')}
        />
      </section>

      <section className="card" aria-labelledby="sec-people">
        <h2 id="sec-people">People</h2>
        <div id="proc-expertPersonId" tabIndex={-1}>
          {manager ? (
            <PersonPicker label="Owning Expert" value={draft.expertPersonId} currentName={procedure.expert?.name} onChange={(id) => set({ expertPersonId: id })} error={err('body.expertPersonId')} />
          ) : (
            <div className="field">
              <p className="field__label">Owning Expert</p>
              <p>
                {procedure.expert?.name ?? 'None'} <span className="muted small">(only a manager can hand the procedure to another Expert)</span>
              </p>
            </div>
          )}
        </div>
        <div id="proc-itPointPersonId" tabIndex={-1}>
          <PersonPicker label="IT point person" value={draft.itPointPersonId} currentName={procedure.itPointPerson?.name} onChange={(id) => set({ itPointPersonId: id })} error={err('body.itPointPersonId')} />
        </div>
        <fieldset className="fieldset" id="proc-sitePointPersonId" tabIndex={-1}>
          <legend>Site point person</legend>
          <p className="field__hint">The person at the affected site who speaks for it: someone in Milewide, or one of the contacts below.</p>
          <div className="checkbox-list">
            <label className="checkbox">
              <input type="radio" name="site-mode" checked={draft.siteMode === 'person'} onChange={() => set({ siteMode: 'person' })} />
              <span>A person in Milewide</span>
            </label>
            <label className="checkbox">
              <input type="radio" name="site-mode" checked={draft.siteMode === 'contact'} onChange={() => set({ siteMode: 'contact' })} />
              <span>One of the contacts</span>
            </label>
          </div>
          {draft.siteMode === 'person' ? (
            <PersonPicker
              label="Site point person"
              value={draft.sitePointPersonId}
              currentName={procedure.sitePointPerson?.name}
              onChange={(id) => set({ sitePointPersonId: id })}
              error={err('body.sitePointPersonId')}
            />
          ) : (
            <SelectField
              id="proc-sitePointContactId"
              label="Site point contact"
              value={draft.sitePointContactId}
              emptyLabel={draft.contacts.length ? 'Choose a contact' : 'Add a contact first'}
              onChange={(e) => set({ sitePointContactId: e.target.value })}
              options={contactOptions}
              error={err('body.sitePointContactId')}
            />
          )}
        </fieldset>
      </section>

      <section className="card" aria-labelledby="sec-where">
        <h2 id="sec-where">Sites and services</h2>
        <div className="form__row">
          <TextAreaField
            id="proc-sites"
            label="Affected sites"
            rows={4}
            value={draft.sites}
            onChange={(e) => set({ sites: e.target.value })}
            hint="One per line, for example Riverside Clinic."
            error={err('body.sites')}
          />
          <TextAreaField
            id="proc-services"
            label="Affected services"
            rows={4}
            value={draft.services}
            onChange={(e) => set({ services: e.target.value })}
            hint="One per line, for example WAN link."
            error={err('body.services')}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="sec-contacts">
        <h2 id="sec-contacts">Contacts</h2>
        <p className="muted">People and vendors who are told during an incident. Each needs an e-mail address, a chat webhook URL, or both.</p>
        <ContactsEditor contacts={draft.contacts} onChange={setContacts} err={err} />
      </section>

      <section className="card" aria-labelledby="sec-steps">
        <h2 id="sec-steps">Timed steps</h2>
        <p className="muted">Each step fires at its time after the incident opens, tells the contacts you tick and says what is expected. Steps run in time order.</p>
        <StepsEditor steps={draft.steps} contacts={draft.contacts} onChange={(steps) => set({ steps })} err={err} />
      </section>

      <section className="card" aria-labelledby="sec-cadence">
        <h2 id="sec-cadence">Cadence</h2>
        <label className="checkbox">
          <input type="checkbox" checked={draft.repeat} onChange={(e) => set({ repeat: e.target.checked })} />
          <span>Repeat the last step until the incident is resolved</span>
        </label>
        <div className="form__row">
          {draft.repeat ? (
            <TextField
              id="proc-repeatEveryMinutes"
              label="Repeat every (minutes)"
              type="number"
              inputMode="numeric"
              min={5}
              value={draft.repeatEveryMinutes}
              onChange={(e) => set({ repeatEveryMinutes: e.target.value })}
              hint={Number(draft.repeatEveryMinutes) > 0 ? `= every ${minutesLabel(Number(draft.repeatEveryMinutes))}` : 'At least 5 minutes.'}
              error={err('body.repeatEveryMinutes')}
            />
          ) : null}
          <TextField
            id="proc-statusUpdateEveryMinutes"
            label="Status update every (minutes)"
            type="number"
            inputMode="numeric"
            min={5}
            value={draft.statusUpdateEveryMinutes}
            onChange={(e) => set({ statusUpdateEveryMinutes: e.target.value })}
            hint="The IT point person is reminded when an update is due, and again when it is late."
            error={err('body.statusUpdateEveryMinutes')}
          />
        </div>
      </section>

      <div className="save-bar">
        <p className="save-bar__state" aria-live="polite">
          {dirty ? 'You have unsaved changes.' : 'All changes saved.'}
        </p>
        <div className="form__actions">
          <Button type="submit" busy={save.isPending} busyLabel="Saving…" disabled={!dirty && !save.isError}>
            Save changes
          </Button>
          {dirty ? (
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(draftOf(procedure));
                setLocal({});
                save.reset();
              }}
            >
              Discard changes
            </Button>
          ) : null}
        </div>
      </div>
      <Dialog open={blocker.status === 'blocked'} title="Leave without saving?" onClose={() => blocker.reset?.()}>
        <p>Your changes to this procedure are not saved yet. If you leave now they are lost.</p>
        <div className="form__actions">
          <Button variant="danger" onClick={() => blocker.proceed?.()}>
            Leave without saving
          </Button>
          <Button variant="secondary" onClick={() => blocker.reset?.()}>
            Stay and keep editing
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
