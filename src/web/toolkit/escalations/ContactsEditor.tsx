import { useQueryClient } from '@tanstack/react-query';
import { personQuery } from '../../api/org';
import { PersonPicker } from '../../admin/PersonPicker';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { newLocalId, type ContactDraft } from './draft';

type FieldErr = (path: string) => string | undefined;

function ContactFields({
  contact,
  index,
  onChange,
  onRemove,
  err,
}: {
  contact: ContactDraft;
  index: number;
  onChange: (next: ContactDraft) => void;
  onRemove: () => void;
  err: FieldErr;
}) {
  const queryClient = useQueryClient();
  const at = `body.contacts.${index}`;
  const whole = err(at);
  const set = (patch: Partial<ContactDraft>) => onChange({ ...contact, ...patch });
  const choosePerson = async (personId: string) => {
    set({ personId: personId || null });
    if (!personId) return;
    // Fill in the name (and leave the e-mail to the person's own) when the contact is new or unnamed.
    try {
      const person = await queryClient.fetchQuery(personQuery(personId));
      onChange({ ...contact, personId, name: contact.name.trim() ? contact.name : person.name, email: contact.email ?? null });
    } catch {
      // The picker already shows the choice; the name stays for the user to type.
    }
  };
  const label = contact.name.trim() || `Contact ${index + 1}`;
  return (
    <fieldset className={whole ? 'fieldset contact field--invalid' : 'fieldset contact'} id={`proc-contacts-${index}`} tabIndex={-1}>
      <legend>
        Contact {index + 1}
        {contact.name.trim() ? `: ${contact.name}` : ''}
      </legend>
      {whole ? (
        <p className="field__error">
          <span aria-hidden="true">⚠ </span>
          {whole}
        </p>
      ) : null}
      <div className="form__row">
        <SelectField
          label="Kind"
          value={contact.kind}
          onChange={(e) => set({ kind: e.target.value as ContactDraft['kind'], personId: e.target.value === 'vendor' ? null : contact.personId })}
          options={[
            { value: 'person', label: 'Person' },
            { value: 'vendor', label: 'Vendor' },
          ]}
          error={err(`${at}.kind`)}
        />
        <TextField label="Name" required value={contact.name} onChange={(e) => set({ name: e.target.value })} error={err(`${at}.name`)} />
        <TextField label="Role" value={contact.role} onChange={(e) => set({ role: e.target.value })} hint="For example Site manager or Carrier NOC." error={err(`${at}.role`)} />
      </div>
      {contact.kind === 'person' ? (
        <PersonPicker label="Person in Milewide (optional)" value={contact.personId ?? ''} currentName={contact.name} onChange={(id) => void choosePerson(id)} error={err(`${at}.personId`)} />
      ) : null}
      <div className="form__row">
        <TextField
          label="E-mail"
          type="email"
          value={contact.email ?? ''}
          onChange={(e) => set({ email: e.target.value })}
          hint={contact.kind === 'person' && contact.personId ? "Leave empty to use the person's own address." : undefined}
          error={err(`${at}.email`)}
        />
        <TextField
          label="Chat webhook URL"
          type="url"
          value={contact.webhookUrl ?? ''}
          onChange={(e) => set({ webhookUrl: e.target.value })}
          hint="Optional: an incoming-webhook address of a chat channel (https://…)."
          error={err(`${at}.webhookUrl`)}
        />
      </div>
      <div className="form__actions">
        <Button variant="secondary" onClick={onRemove} aria-label={`Remove contact ${label}`}>
          Remove contact
        </Button>
      </div>
    </fieldset>
  );
}

/** The people and vendors a procedure tells: each needs an e-mail address, a chat webhook, or both. */
export function ContactsEditor({ contacts, onChange, err }: { contacts: ContactDraft[]; onChange: (next: ContactDraft[]) => void; err: FieldErr }) {
  const add = () => {
    const id = newLocalId('contact');
    onChange([...contacts, { id, kind: 'person', name: '', personId: null, role: '', email: '', webhookUrl: '', isNew: true }]);
    window.setTimeout(() => document.querySelector<HTMLInputElement>(`#proc-contacts-${contacts.length} input`)?.focus(), 0);
  };
  const listError = err('body.contacts');
  return (
    <div id="proc-contacts" tabIndex={-1}>
      {listError ? (
        <p className="field__error">
          <span aria-hidden="true">⚠ </span>
          {listError}
        </p>
      ) : null}
      {contacts.length === 0 ? <p className="muted">No contacts yet. Add the people and vendors who are told during an incident.</p> : null}
      {contacts.map((c, i) => (
        <ContactFields
          key={c.id}
          contact={c}
          index={i}
          err={err}
          onChange={(next) => onChange(contacts.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(contacts.filter((_, j) => j !== i))}
        />
      ))}
      <Button variant="secondary" onClick={add}>
        Add contact
      </Button>
    </div>
  );
}
