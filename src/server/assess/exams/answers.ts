import type { Db } from '../../db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import { runPrepared, type PreparedSql } from '../../db/prepared.js';

/**
 * Saving an answer: the hot path of exam day, one statement. It locks the attempt row in KEY SHARE
 * mode (so a submit, which takes it FOR UPDATE, waits for saves in flight and later saves see the
 * attempt closed), checks owner, status and deadline by the database clock, and writes the answer
 * only when the candidate's sequence number is newer than the stored one. The final select
 * returns what is stored either way, plus enough to explain a refusal without another query.
 */
export const SAVE_ANSWER: PreparedSql = { name: 'exam_save_answer', types: ['uuid', 'uuid', 'uuid', 'int[]', 'bigint'], text: `
with a as (
  select id, deadline_at > now() as in_time, extract(epoch from deadline_at - now())::float8 as remaining
  from exam_attempts where id = $1 and person_id = $2 and status = 'in_progress'
  for key share
),
cur as (
  select position, kind, option_order, chosen, seq, answered_at, flagged
  from exam_attempt_items where attempt_id = $1 and item_version_id = $3
),
upd as (
  update exam_attempt_items t
  set chosen = (select coalesce(array_agg(t.option_order[x.p] order by x.o), '{}'::text[]) from unnest($4::int[]) with ordinality as x(p, o)),
      seq = $5, answered_at = now()
  from a
  where t.attempt_id = a.id and t.item_version_id = $3 and a.in_time and t.seq < $5
    and (t.kind <> 'single' or cardinality($4::int[]) <= 1)
    and not exists (select 1 from unnest($4::int[]) as y(p) where y.p < 1 or y.p > cardinality(t.option_order))
  returning t.chosen, t.seq, t.answered_at
)
select
  (select status from exam_attempts where id = $1 and person_id = $2) as status,
  (select in_time from a) as in_time,
  (select remaining from a) as remaining,
  cur.kind, cur.option_order,
  coalesce(upd.chosen, cur.chosen) as chosen,
  coalesce(upd.seq, cur.seq)::float8 as seq,
  coalesce(upd.answered_at, cur.answered_at) as answered_at,
  upd.seq is not null as written
from (select 1) as one left join cur on true left join upd on true` };

const READ_ANSWER: PreparedSql = { name: 'exam_read_answer', types: ['uuid', 'uuid', 'uuid'], text: `
select a.status, a.deadline_at > now() as in_time, extract(epoch from a.deadline_at - now())::float8 as remaining,
  s.kind, s.option_order, s.chosen, s.seq::float8 as seq, s.answered_at, false as written
from exam_attempts a left join exam_attempt_items s on s.attempt_id = a.id and s.item_version_id = $3
where a.id = $1 and a.person_id = $2` };

interface SaveRow {
  status: string | null;
  in_time: boolean | null;
  remaining: number | null;
  kind: 'single' | 'multiple' | null;
  option_order: string[] | null;
  chosen: string[] | null;
  seq: number | null;
  answered_at: Date | null;
  written: boolean;
}

export interface SavedAnswer {
  itemId: string;
  /** What is stored now, as the candidate's option ids (display positions "1", "2", ...). */
  optionIds: string[];
  seq: number;
  savedAt: Date | null;
  /** `saved`: the stored answer is this request's (now or by an earlier copy of it); `stale`: a newer one is stored. */
  status: 'saved' | 'stale';
  remainingSeconds: number;
}

export const timeIsUp = () => new AppError(409, 'time_is_up', 'Time is up: this attempt has passed its deadline, so answers can no longer be changed. Every answer saved before the deadline counts.');
export const alreadySubmitted = () => new AppError(409, 'attempt_submitted', 'This attempt has been submitted, so answers can no longer be changed.');
export const notOnForm = () => new AppError(400, 'not_on_form', 'That item is not on this attempt\'s form; use the itemId values of GET /exam-attempts/{id}.');

/** The candidate's option ids are the display positions of the attempt's shuffled order. */
export const displayIds = (optionOrder: string[], chosen: string[] | null) =>
  (chosen ?? []).map((id) => String(optionOrder.indexOf(id) + 1)).sort((a, b) => Number(a) - Number(b));

export async function saveAnswer(db: Db, personId: string, attemptId: string, input: { itemId: string; optionIds: string[]; seq: number }): Promise<SavedAnswer> {
  const positions = input.optionIds.map(Number);
  const values = [attemptId, personId, input.itemId, positions, input.seq];
  let [row] = await runPrepared<SaveRow>(db, SAVE_ANSWER, values);
  if (!row.status) throw notFound('Exam attempt');
  if (row.status !== 'in_progress') throw alreadySubmitted();
  if (!row.option_order) throw notOnForm();
  if (row.in_time === null) {
    // The attempt closed while this save waited for the submit's lock.
    [row] = await runPrepared<SaveRow>(db, READ_ANSWER, values.slice(0, 3));
    throw row.status === 'in_progress' ? timeIsUp() : alreadySubmitted();
  }
  if (!row.in_time) throw timeIsUp();
  const count = row.option_order.length;
  const outside = positions.find((p) => p < 1 || p > count);
  if (outside !== undefined) throw badRequest(`Option "${outside}" is not one of this item's options (1 to ${count}).`, [{ path: 'body.optionIds', message: `must be between 1 and ${count}` }]);
  if (row.kind === 'single' && positions.length > 1) throw badRequest('This item takes one answer; send one option id.', [{ path: 'body.optionIds', message: 'give at most one option' }]);
  if (!row.written && (row.seq ?? 0) < input.seq) {
    // A valid save with a newer seq that was not written: another save committed while this one
    // waited, and the snapshot above predates it. Report what is stored now.
    [row] = await runPrepared<SaveRow>(db, READ_ANSWER, values.slice(0, 3));
  }
  const seq = Number(row.seq ?? 0);
  return {
    itemId: input.itemId,
    optionIds: displayIds(row.option_order!, row.chosen),
    seq,
    savedAt: row.answered_at ? new Date(row.answered_at) : null,
    status: seq === input.seq ? 'saved' : 'stale',
    remainingSeconds: Math.max(0, Math.floor(Number(row.remaining ?? 0))),
  };
}

const SET_FLAG: PreparedSql = { name: 'exam_set_flag', types: ['uuid', 'uuid', 'uuid', 'boolean'], text: `
with a as (
  select id from exam_attempts where id = $1 and person_id = $2 and status = 'in_progress' and deadline_at > now()
  for key share
),
upd as (
  update exam_attempt_items t set flagged = $4 from a where t.attempt_id = a.id and t.item_version_id = $3
  returning t.position, t.flagged
)
select
  (select status from exam_attempts where id = $1 and person_id = $2) as status,
  (select deadline_at > now() from exam_attempts where id = $1 and person_id = $2) as in_time,
  exists (select 1 from exam_attempt_items where attempt_id = $1 and item_version_id = $3) as on_form,
  upd.position, upd.flagged
from (select 1) as one left join upd on true` };

export async function setFlag(db: Db, personId: string, attemptId: string, input: { itemId: string; flagged: boolean }) {
  const [row] = await runPrepared<{ status: string | null; in_time: boolean | null; on_form: boolean; position: number | null; flagged: boolean | null }>(
    db,
    SET_FLAG,
    [attemptId, personId, input.itemId, input.flagged],
  );
  if (!row.status) throw notFound('Exam attempt');
  if (row.status !== 'in_progress') throw alreadySubmitted();
  if (!row.on_form) throw notOnForm();
  if (!row.in_time) throw timeIsUp();
  if (row.position === null) throw conflict('The attempt changed while the flag was being set; reload it.');
  return { itemId: input.itemId, position: Number(row.position), flagged: row.flagged === true };
}
