import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { del, fieldError, patch, post } from '../api/client';
import { lessonNotesQuery, type Note } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextAreaField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { Loading } from '../ui/Spinner';

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function NoteItem({ note, sectionTitle, onJump }: { note: Note; sectionTitle: (anchor: string) => string | null; onJump: (anchor: string) => void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['learn', 'notes'] });
  const save = useMutation({
    mutationFn: () => patch<Note>(`/api/v1/learn/notes/${note.id}`, { body }),
    onSuccess: () => {
      setEditing(false);
      refresh();
      announce('Note saved.');
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/api/v1/learn/notes/${note.id}`),
    onSuccess: () => {
      setConfirming(false);
      refresh();
      announce('Note deleted.');
    },
  });
  const section = note.anchor ? sectionTitle(note.anchor) : null;
  return (
    <li>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <TextAreaField label="Edit note" rows={4} value={body} onChange={(e) => setBody(e.target.value)} error={fieldError(save.error, 'body.body')} autoFocus />
          <ErrorAlert error={save.error && !fieldError(save.error, 'body.body') ? save.error : null} />
          <div className="row-actions">
            <Button type="submit" busy={save.isPending} busyLabel="Saving…">
              Save
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setEditing(false);
                setBody(note.body);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <>
          <p className="note">{note.body}</p>
          <p className="item-list__meta">
            {section && note.anchor ? (
              <>
                At{' '}
                <a
                  href={`#${note.anchor}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onJump(note.anchor!);
                  }}
                >
                  {section}
                </a>
                {' · '}
              </>
            ) : null}
            {note.updatedAt !== note.createdAt ? 'Edited' : 'Written'} {formatDateTime(note.updatedAt)}
          </p>
          <div className="row-actions">
            <Button variant="secondary" onClick={() => setEditing(true)} aria-label={`Edit note: ${note.body.slice(0, 40)}`}>
              Edit
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(true)} aria-label={`Delete note: ${note.body.slice(0, 40)}`}>
              Delete
            </Button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Delete this note?"
        confirmLabel="Delete note"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>The note is deleted for good.</p>
        <p className="note muted">{note.body}</p>
      </ConfirmDialog>
    </li>
  );
}

/** Private notes on a lesson; a new note is linked to the section the reader is in. */
export function LessonNotes({
  lessonKey,
  currentAnchor,
  sectionTitle,
  onJump,
}: {
  lessonKey: string;
  currentAnchor: string | null;
  sectionTitle: (anchor: string) => string | null;
  onJump: (anchor: string) => void;
}) {
  const queryClient = useQueryClient();
  const notes = useQuery(lessonNotesQuery(lessonKey));
  const [body, setBody] = useState('');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const anchor = currentAnchor && sectionTitle(currentAnchor) ? currentAnchor : null;
  const add = useMutation({
    mutationFn: () => post<Note>(`/api/v1/learn/lessons/${encodeURIComponent(lessonKey)}/notes`, { body, anchor }),
    onSuccess: () => {
      setBody('');
      setSavedAt(new Date());
      void queryClient.invalidateQueries({ queryKey: ['learn', 'notes'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSavedAt(null);
    add.mutate();
  };
  const items = notes.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="lesson-notes-heading">
      <h2 id="lesson-notes-heading">Your notes</h2>
      <p className="small muted">Private: only you can see them.</p>
      <form onSubmit={submit} noValidate>
        <TextAreaField
          label="New note"
          rows={4}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            if (savedAt) setSavedAt(null);
          }}
          hint={anchor ? `Linked to the section you are reading: ${sectionTitle(anchor)}.` : undefined}
          error={fieldError(add.error, 'body.body')}
        />
        <ErrorAlert error={add.error && !fieldError(add.error, 'body.body') ? add.error : null} />
        <div className="form__actions">
          <Button type="submit" busy={add.isPending} busyLabel="Saving…" disabled={!body.trim()}>
            Save note
          </Button>
          <span role="status" className="small">
            {savedAt ? <span className="success-text">Saved at {timeOnly.format(savedAt)}.</span> : ''}
          </span>
        </div>
      </form>
      {notes.isPending ? <Loading label="Loading your notes…" /> : null}
      <ErrorAlert error={notes.error} />
      {items.length > 0 ? (
        <>
          <h3 className="h-small">
            {items.length} {items.length === 1 ? 'note' : 'notes'} on this lesson
          </h3>
          <ul className="item-list">
            {items.map((n) => (
              <NoteItem key={n.id} note={n} sectionTitle={sectionTitle} onJump={onJump} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
