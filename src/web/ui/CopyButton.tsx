import { useState } from 'react';
import { Button } from './Button';

export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 4000);
  };
  return (
    <span className="copy">
      <Button variant="secondary" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="copy__status">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Copy failed: select the text and copy it yourself.' : ''}
      </span>
    </span>
  );
}
