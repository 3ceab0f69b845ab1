import { useDocumentTitle } from '../ui/hooks';
import { Notice } from '../ui/Alert';
import { PageHeader } from '../ui/Misc';

export function LearnPage() {
  useDocumentTitle('Learn');
  return (
    <>
      <PageHeader title="Learn" description="Short lessons and learning paths for every step from specialist to IT leader." />
      <Notice>The lesson library and learning paths arrive in a coming release. Nothing here is tracked yet.</Notice>
      <section className="card">
        <h2>What this area is for</h2>
        <p>
          Becoming a good IT manager is a journey of several years, and each career level needs its own kind of learning.
          Learn will hold lessons of about twenty minutes, each with objectives, a reading, a worked example, a reflection, a
          short knowledge check and an “apply it” task that opens a tool from the Toolkit, so every lesson ends in real work.
        </p>
        <h2>The training stages</h2>
        <ol className="stages">
          <li>
            <strong>Foundations</strong>, while still an individual contributor: emotional intelligence, conflict resolution,
            difficult conversations and communication.
          </li>
          <li>
            <strong>New-manager basics</strong>, around the promotion: time management, delegation, goal setting, motivation and
            performance reviews.
          </li>
          <li>
            <strong>The business of IT</strong>, for new managers: internal client service, leading through influence, vendor
            management, project delivery, cost centres, escalation planning and IT assessment.
          </li>
          <li>
            <strong>Leading leaders</strong>, for directors and VPs: governance, change management, budgeting, prioritisation
            and strategic thinking.
          </li>
          <li>
            <strong>Executive</strong>: business vision and strategy, strategic planning and organisational design.
          </li>
        </ol>
        <h2>What to expect</h2>
        <ul>
          <li>A library you can search and filter by career level, stage and competency, with notes and resume.</li>
          <li>Learning paths for each career step, which you can join yourself or be assigned by your manager, with due dates.</li>
          <li>Time spent and continuing-education hours recorded for you.</li>
        </ul>
      </section>
    </>
  );
}
