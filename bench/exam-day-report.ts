import type { Check } from './report.js';
import { EXAM_DAY, type ExamDayRun } from './exam-day.js';

const name = (kind: ExamDayRun['kind']) => (kind === 'pglite' ? 'PGlite' : 'PostgreSQL 15');
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
const cpuPerSaveUs = (p: { serverCpuMs: number; saves: number }) => (p.serverCpuMs * 1000) / p.saves;

export function examDayTable(runs: ExamDayRun[]): string {
  const lines = [
    `Exam day: ${EXAM_DAY.takers} virtual candidates per server (start, ${EXAM_DAY.answers} answers, submit), ${EXAM_DAY.lanes} at a time, ${EXAM_DAY.rounds} alternating rounds`,
    '',
    '| database | Milewide saves/s | p50 ms | p99 ms | ceiling saves/s | ceiling p99 ms | ratio | CPU µs/save Milewide | CPU µs/save ceiling | starts/s (p99 ms) | submit p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of runs) {
    lines.push(
      `| ${name(r.kind)} | ${r.app.rps.toFixed(0)} | ${r.app.p50Ms} | ${r.app.p99Ms} | ${r.ceiling.rps.toFixed(0)} | ${r.ceiling.p99Ms} | ${pct(r.app.rps, r.ceiling.rps)} | ` +
        `${cpuPerSaveUs(r.app).toFixed(0)} | ${cpuPerSaveUs(r.ceiling).toFixed(0)} | ${r.app.startsPerSecond.toFixed(0)} (${r.app.startP99Ms}) | ${r.app.submitP99Ms} |`,
    );
  }
  return lines.join('\n');
}

export function examDayChecks(runs: ExamDayRun[], postgresRequested: boolean, pgliteRequested: boolean): Check[] {
  const out: Check[] = [];
  const postgres = runs.find((r) => r.kind === 'postgres');
  const pglite = runs.find((r) => r.kind === 'pglite');
  if (postgres) {
    out.push({ target: 'exam day, PostgreSQL: answer saves >= 60% of ceiling', measured: pct(postgres.app.rps, postgres.ceiling.rps), pass: postgres.app.rps >= 0.6 * postgres.ceiling.rps });
    out.push({ target: 'exam day, PostgreSQL: save p99 < 100 ms', measured: `${postgres.app.p99Ms} ms`, pass: postgres.app.p99Ms < 100 });
  } else if (postgresRequested) {
    out.push({ target: 'exam day, PostgreSQL', measured: 'not measured (set BENCH_DATABASE_URL or TEST_DATABASE_URL)', pass: false });
  }
  if (pglite) out.push({ target: 'exam day, PGlite: >= 400 answer saves/s', measured: `${pglite.app.rps.toFixed(0)} saves/s (p99 ${pglite.app.p99Ms} ms)`, pass: pglite.app.rps >= 400 });
  else if (pgliteRequested) out.push({ target: 'exam day, PGlite', measured: 'not measured', pass: false });
  for (const r of runs) {
    const bad = r.app.bad + r.ceiling.bad + r.app.startBad + r.app.submitBad;
    const expected = { app: r.app.saves, ceiling: r.ceiling.saves };
    out.push({
      target: `exam day, ${name(r.kind)}: every answer 2xx and every acknowledged save stored`,
      measured: `${bad} bad answers${r.app.firstBad ? ` (first: ${r.app.firstBad})` : ''}; stored ${r.stored.app}/${expected.app} (Milewide), ${r.stored.ceiling}/${expected.ceiling} (ceiling)`,
      pass: bad === 0 && r.stored.app === expected.app && r.stored.ceiling === expected.ceiling,
    });
  }
  return out;
}
