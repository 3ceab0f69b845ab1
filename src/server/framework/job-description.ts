import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { notFound } from '../http/errors.js';
import { learningPaths } from '../content/schema.js';
import { jobRoles } from './schema.js';
import { loadFramework } from './views.js';

const CERTIFICATES = {
  professional: 'the professional certificate in IT management',
  executive: 'the executive certificate in IT leadership',
} as const;

export interface JobDescription {
  roleId: string;
  title: string;
  level: { id: string; label: string };
  /** One paragraph to paste into a job description. */
  text: string;
  requirements: string[];
  competencies: { id: string; name: string; proficiency: number; label: string }[];
}

const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`;

/** "a", "a and b", "a, b, and c": the serial comma keeps names that contain "and" apart. */
function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

/** "Delegation" reads "delegation" mid-sentence; "IT governance" keeps its capitals. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/**
 * A job-description paragraph built from the framework: the role's summary, its requirements
 * (certificates and paths with their deadlines), and the competencies its career level targets,
 * strongest first, with any higher proficiency a requirement asks for.
 */
export async function jobDescription(db: Db, orgId: string, roleKey: string): Promise<JobDescription> {
  const [role] = await db.select().from(jobRoles).where(and(eq(jobRoles.orgId, orgId), eq(jobRoles.roleKey, roleKey), isNull(jobRoles.removedAt)));
  if (!role) throw notFound(`Job role "${roleKey}"`);
  const framework = await loadFramework(db, orgId);
  const level = framework.levels.find((l) => l.id === role.levelKey);
  const levelLabel = level?.label ?? role.levelKey;
  const scale = new Map(framework.proficiencyScale.map((s) => [s.level, s.label]));
  const top = framework.proficiencyScale.at(-1)?.level;

  const pathKeys = role.requirements.flatMap((r) => (r.kind === 'path' ? [r.ref] : []));
  const paths = pathKeys.length ? await db.select({ key: learningPaths.pathKey, title: learningPaths.title }).from(learningPaths).where(and(eq(learningPaths.orgId, orgId), inArray(learningPaths.pathKey, pathKeys))) : [];
  const pathTitle = new Map(paths.map((p) => [p.key, p.title]));

  const requirements: string[] = [];
  for (const r of role.requirements) {
    if (r.kind === 'certificate') {
      requirements.push(r.withinMonths ? `holds ${CERTIFICATES[r.ref]} or earns it within ${months(r.withinMonths)} of appointment` : `holds ${CERTIFICATES[r.ref]} on appointment`);
    } else if (r.kind === 'path') {
      const title = `the learning path “${pathTitle.get(r.ref) ?? r.ref}”`;
      requirements.push(r.withinMonths ? `completes ${title} within ${months(r.withinMonths)} of appointment` : `has completed ${title}`);
    }
  }

  // The level's targets, raised where a requirement asks for more.
  const wanted = new Map<string, number>();
  for (const c of framework.competencies) {
    const target = c.targets[role.levelKey];
    if (target) wanted.set(c.id, target);
  }
  for (const r of role.requirements) if (r.kind === 'competency') wanted.set(r.ref, Math.max(wanted.get(r.ref) ?? 0, r.proficiency));
  const names = new Map(framework.competencies.map((c) => [c.id, c.name]));
  const order = new Map(framework.competencies.map((c, i) => [c.id, i]));
  const competencies = [...wanted]
    .map(([id, proficiency]) => ({ id, name: names.get(id) ?? id, proficiency, label: scale.get(proficiency) ?? String(proficiency) }))
    .sort((a, b) => b.proficiency - a.proficiency || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  const parts = [`${role.title} (${levelLabel} level).`];
  if (role.summary) parts.push(sentence(role.summary));
  if (requirements.length) parts.push(`The person appointed ${joinList(requirements)}.`);
  // Awareness-level targets are left out of the text: a job description lists what the role asks to be done well.
  const groups = [...new Set(competencies.map((c) => c.proficiency))].filter((p) => p >= 2);
  if (groups.length) {
    const phrases = groups.map((p) => {
      const list = joinList(competencies.filter((c) => c.proficiency === p).map((c) => lowerFirst(c.name)));
      return `${(scale.get(p) ?? `level ${p}`).toLowerCase()} (${p}${top ? ` of ${top}` : ''}) in ${list}`;
    });
    // Each phrase holds a list of its own, so the groups are set apart by semicolons.
    const all = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join('; ')}; and ${phrases.at(-1)}`;
    parts.push(`The role calls for proficiency that is ${all}.`);
  }
  return {
    roleId: role.roleKey,
    title: role.title,
    level: { id: role.levelKey, label: levelLabel },
    text: parts.join(' '),
    requirements: requirements.map((r) => sentence(r.charAt(0).toUpperCase() + r.slice(1))),
    competencies,
  };
}
