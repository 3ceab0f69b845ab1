import { useState } from 'react';
import { downloadFile, type TransferProgress } from '../api/learn';
import { ErrorAlert } from '../ui/Alert';
import { useAnnounce } from '../ui/Announcer';
import { Button } from '../ui/Button';
import { ProgressBar } from './parts';

/**
 * Downloads a PDF guide. Building one takes a few seconds for a long path, so the button shows
 * what is happening (generating, then downloading with a percentage) and announces the result.
 */
export function GuideDownload({ url, fileName, label, what, variant = 'secondary' }: { url: string; fileName: string; label: string; what: string; variant?: 'primary' | 'secondary' }) {
  const announce = useAnnounce();
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const start = async () => {
    setError(null);
    setDone(null);
    announce(`Preparing the PDF guide for ${what}…`);
    try {
      const name = await downloadFile(url, fileName, setProgress);
      setDone(name);
      announce(`The guide for ${what} is downloaded as ${name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="guide-download">
      <Button variant={variant} onClick={() => void start()} busy={!!progress} busyLabel={progress?.phase === 'downloading' ? 'Downloading…' : 'Generating the PDF…'}>
        {label}
      </Button>
      {progress ? (
        <div className="transfer">
          {progress.phase === 'processing' ? (
            <span>Putting the guide together: cover, contents and every lesson. This can take a few seconds.</span>
          ) : (
            <>
              <span>Downloading</span>
              {progress.percent !== null ? <ProgressBar percent={progress.percent} label={`Downloading the guide for ${what}`} /> : null}
            </>
          )}
        </div>
      ) : null}
      {done ? <p className="small success-text">Saved as {done}.</p> : null}
      <ErrorAlert error={error} title="The guide could not be made" />
    </div>
  );
}
