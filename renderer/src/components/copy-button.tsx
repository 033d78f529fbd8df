import { useState } from 'react';
import { Button, type ButtonProps } from './ui.js';
import { CheckIcon, CopyIcon } from './icons.js';
import { copyText } from '../lib/clipboard.js';
import './copy-button.css';

/** Copies `text`; the icon turns to a check for a moment so the user sees it worked. */
export function CopyButton({
  text,
  label = 'Copy',
  toastMessage,
  ...rest
}: { text: string; label?: string; toastMessage?: string } & Omit<ButtonProps, 'onClick'>) {
  const [done, setDone] = useState(false);
  return (
    <Button
      {...rest}
      icon={done ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      onClick={async () => {
        if (await copyText(text, toastMessage)) {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        }
      }}
    >
      {label}
    </Button>
  );
}
