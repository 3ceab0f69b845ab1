import { useDocumentTitle } from '../ui/hooks';
import { Notice } from '../ui/Alert';
import { PageHeader } from '../ui/Misc';

export function ExamsPage() {
  useDocumentTitle('Exams & Certificates');
  return (
    <>
      <PageHeader title="Exams & Certificates" description="Prove what you have learned and earn certificates that others can verify." />
      <Notice>Exams and certification programmes arrive in a coming release. You have no exams or certificates yet.</Notice>
      <section className="card">
        <h2>What this area is for</h2>
        <p>
          A Milewide certificate is earned by knowing and by doing. For the professional (IT manager) and executive (director
          and above) levels a certificate needs all of:
        </p>
        <ul>
          <li>the learning path completed;</li>
          <li>the exam passed;</li>
          <li>practical evidence from the Toolkit, accepted by a reviewer against a rubric;</li>
          <li>a 30-day action plan.</li>
        </ul>
        <h2>What to expect</h2>
        <ul>
          <li>Timed exams whose clock is kept by the server; your answers are saved as you give them, so a lost connection loses nothing.</li>
          <li>Results with a score, pass or fail and a breakdown by competency.</li>
          <li>
            Certificates as a PDF with a QR code and as an Open Badges 3.0 credential, which anyone can check on a public
            verification page. Certificates can expire and be renewed with continuing-education hours.
          </li>
        </ul>
      </section>
    </>
  );
}
