import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { PageQuery } from '../http/pagination.js';
import { competencies, trainingStages } from '../framework/schema.js';
import { lessons } from './schema.js';

export interface LibraryFilters {
  q?: string;
  stage?: string;
  level?: string;
  competency?: string;
}

export interface SnippetPart {
  text: string;
  highlight: boolean;
}

export interface LibraryItem {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  stageTitle: string | null;
  levels: string[];
  competencies: string[];
  revision: number;
  updatedAt: Date;
  /** Relevance when searching (higher is better); null when listing without a query. */
  rank: number | null;
  /** Where the query matched, with the matching words marked; the summary when listing. */
  snippet: SnippetPart[];
}

// Control characters mark the matches inside ts_headline's output; they cannot occur in lesson text
// (the parser keeps text only), so splitting on them is safe and no HTML ever travels.
const START = '\u0002';
const STOP = '\u0003';
/** The quoted lexemes in querytree()'s text form, e.g. 'escal' & !'email'. */
const LEXEME_PATTERN = "'([^']+)'";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=24, MinWords=10, ShortWord=2, FragmentDelimiter=" … "`;

export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of headline.split(START)) {
    const [marked, rest] = piece.includes(STOP) ? piece.split(STOP, 2) : [null, piece];
    if (marked) parts.push({ text: marked, highlight: true });
    if (rest) parts.push({ text: rest, highlight: false });
  }
  // Neighbouring plain parts read better as one.
  return parts.reduce<SnippetPart[]>((out, p) => {
    const last = out.at(-1);
    if (last && !last.highlight && !p.highlight) last.text += p.text;
    else out.push({ ...p });
    return out;
  }, []);
}

function filterSql(orgId: string, f: LibraryFilters): SQL {
  const parts: SQL[] = [sql`l.org_id = ${orgId}`, sql`l.retired_at is null`];
  if (f.stage) parts.push(sql`l.stage = ${f.stage}`);
  if (f.level) parts.push(sql`${f.level} = any(l.levels)`);
  if (f.competency) parts.push(sql`${f.competency} = any(l.competencies)`);
  return sql.join(parts, sql` and `);
}

interface Row {
  id: string;
  lesson_key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  stage_title: string | null;
  levels: string[];
  competencies: string[];
  revision: number;
  updated_at: string | Date;
  rank: number | null;
  total: number | string;
  headline: string | null;
}

const toItem = (r: Row): LibraryItem => ({
  id: r.id,
  key: r.lesson_key,
  title: r.title,
  summary: r.summary,
  minutes: r.minutes,
  stage: r.stage,
  stageTitle: r.stage_title,
  levels: r.levels,
  competencies: r.competencies,
  revision: r.revision,
  updatedAt: new Date(r.updated_at),
  rank: r.rank === null ? null : Number(r.rank),
  snippet: r.headline ? snippetParts(r.headline) : [{ text: r.summary, highlight: false }],
});

/**
 * The library: lessons of the organisation that are not retired, filtered by stage, level and
 * competency. With a query, full-text search (Postgres websearch syntax: words, "a phrase", -not,
 * or) over title, summary and body. Ranking: matches in the title count most, then the summary;
 * lessons that match only in the body follow in library order. Each hit has a snippet of where it
 * matched.
 */
export async function searchLibrary(db: Db, orgId: string, filters: LibraryFilters, page: PageQuery): Promise<{ items: LibraryItem[]; total: number; limit: number; offset: number }> {
  const where = filterSql(orgId, filters);
  const q = filters.q?.trim();
  let rows: Row[];
  if (q) {
    rows = await db.transaction(async (tx) => {
      // Match through the GIN index even when most lessons match: the planner would otherwise pick a
      // sequential scan, which reads every lesson's large search vector (docs/benchmarks.md).
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`);
      // The page is chosen first; only its rows pay for a headline, and that on a window of the text
      // around the first matching word (ts_headline over a whole lesson costs milliseconds).
      const result = await tx.execute(sql`
        with query as (
          select tsq, array(select distinct m[1] from regexp_matches(querytree(tsq), ${LEXEME_PATTERN}, 'g') as m) as lexemes
          from websearch_to_tsquery('english', ${q}) as tsq
        ),
        hits as (
          select l.id, ts_rank(l.rank_vector, query.tsq) as rank, coalesce(s.position, 1000000) as stage_position, count(*) over () as total
          from lessons l cross join query
          left join training_stages s on s.org_id = l.org_id and s.stage_key = l.stage
          where ${where} and l.search_vector @@ query.tsq
          order by rank desc, stage_position, l.lesson_key
          limit ${page.limit} offset ${page.offset}
        )
        select l.id, l.lesson_key, l.title, l.summary, l.minutes, l.stage, s.title as stage_title, l.levels, l.competencies, l.revision, l.updated_at,
          hits.rank, hits.total,
          ts_headline('english', substr(doc.text, greatest(1, doc.at - 160), 640), query.tsq, ${HEADLINE_OPTIONS}) as headline
        from hits join lessons l on l.id = hits.id cross join query
        left join training_stages s on s.org_id = l.org_id and s.stage_key = l.stage
        cross join lateral (select l.summary || chr(10) || l.body_text as text) as t
        cross join lateral (
          select t.text, coalesce((select min(p) from unnest(query.lexemes) as lx, strpos(lower(t.text), lx) as p where p > 0), 1) as at
        ) as doc
        order by hits.rank desc, hits.stage_position, l.lesson_key`);
      return result.rows as unknown as Row[];
    });
  } else {
    const result = await db.execute(sql`
      select l.id, l.lesson_key, l.title, l.summary, l.minutes, l.stage, s.title as stage_title, l.levels, l.competencies, l.revision, l.updated_at,
        null::real as rank, count(*) over () as total, null::text as headline
      from lessons l left join training_stages s on s.org_id = l.org_id and s.stage_key = l.stage
      where ${where}
      order by coalesce(s.position, 1000000), l.lesson_key
      limit ${page.limit} offset ${page.offset}`);
    rows = result.rows as unknown as Row[];
  }
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && page.offset > 0) {
    const counted = await db.execute(
      q
        ? sql`select count(*)::int as n from lessons l where ${where} and l.search_vector @@ websearch_to_tsquery('english', ${q})`
        : sql`select count(*)::int as n from lessons l where ${where}`,
    );
    total = Number((counted.rows[0] as { n: number }).n);
  }
  return { items: rows.map(toItem), total, limit: page.limit, offset: page.offset };
}

/** Stages with the number of library lessons in each, in ladder order: the stage filter. */
export async function listStages(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: trainingStages.stageKey,
      title: trainingStages.title,
      description: trainingStages.description,
      levels: trainingStages.levels,
      // Spelled out: drizzle leaves the table name off columns here, which would bind them to the subquery's own table.
      lessonCount: sql<number>`(select count(*)::int from lessons l where l.org_id = training_stages.org_id and l.stage = training_stages.stage_key and l.retired_at is null)`,
    })
    .from(trainingStages)
    .where(eq(trainingStages.orgId, orgId))
    .orderBy(asc(trainingStages.position));
  return { items: rows };
}

/** Competencies with the number of library lessons teaching each: the competency filter. */
export async function listCompetencies(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: competencies.competencyKey,
      name: competencies.name,
      stage: competencies.stageKey,
      description: competencies.description,
      lessonCount: sql<number>`(select count(*)::int from lessons l where l.org_id = competencies.org_id and competencies.competency_key = any(l.competencies) and l.retired_at is null)`,
    })
    .from(competencies)
    .where(eq(competencies.orgId, orgId))
    .orderBy(asc(competencies.position));
  return { items: rows };
}

/** Lessons by key, for path views: retired ones included and flagged. */
export async function lessonSummaries(db: Db, orgId: string, keys: string[]) {
  if (!keys.length) return new Map<string, LessonSummary>();
  const rows = await db
    .select({ id: lessons.id, key: lessons.lessonKey, title: lessons.title, summary: lessons.summary, minutes: lessons.minutes, stage: lessons.stage, revision: lessons.revision, retiredAt: lessons.retiredAt })
    .from(lessons)
    .where(and(eq(lessons.orgId, orgId), inArray(lessons.lessonKey, keys)));
  return new Map(rows.map((r) => [r.key, { ...r, retired: !!r.retiredAt }]));
}
export interface LessonSummary {
  id: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  revision: number;
  retiredAt: Date | null;
  retired: boolean;
}

