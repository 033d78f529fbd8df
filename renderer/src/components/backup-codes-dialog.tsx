import { useEffect, useId, useState } from 'react';
import { Checkbox } from 'radix-ui';
import { useSession } from '../state/session.js';
import { downloadText } from '../lib/clipboard.js';
import { Modal } from './dialogs.js';
import { CopyButton } from './copy-button.js';
import { Button } from './ui.js';
import { CheckIcon, DownloadIcon, PrinterIcon } from './icons.js';

/**
 * Backup codes are shown once, at generation (security.md 9): copy, download as .txt, print —
 * and the dialog only closes after "I have saved these codes".
 */
export function BackupCodesDialog({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  const email = useSession((state) => state.user?.email ?? '');
  const [saved, setSaved] = useState(false);
  const checkboxId = useId();

  useEffect(() => {
    if (codes) setSaved(false);
  }, [codes]);

  const text = codes
    ? [
        'Userdesk backup codes',
        `Account: ${email}`,
        `Generated: ${new Date().toLocaleString()}`,
        '',
        'Each code signs you in once when you cannot use your authenticator app.',
        'Generating new codes voids all of these.',
        '',
        ...codes.map((code, i) => `${String(i + 1).padStart(2, ' ')}. ${code}`),
        '',
      ].join('\n')
    : '';

  const print = () => {
    document.body.classList.add('printing-codes');
    const done = () => {
      document.body.classList.remove('printing-codes');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
    setTimeout(done, 1000);
  };

  return (
    <Modal
      open={Boolean(codes)}
      onOpenChange={(open) => (!open && saved ? onClose() : undefined)}
      dismissible={false}
      size="md"
      className="backup-codes-dialog"
      title="Save your backup codes"
      description="If you lose your phone, each of these codes signs you in once. This is the only time they are shown — keep them somewhere safe, like a password manager."
      footer={
        <Button variant="primary" disabled={!saved} onClick={onClose} icon={<CheckIcon size={16} />}>
          Done
        </Button>
      }
    >
      <p className="print-only">
        Userdesk backup codes for {email} — {new Date().toLocaleString()}
      </p>
      <ol className="backup-codes" aria-label="Backup codes">
        {codes?.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="backup-actions no-print">
        <CopyButton text={text} label="Copy all" toastMessage="Backup codes copied" />
        <Button
          icon={<DownloadIcon size={16} />}
          onClick={() => downloadText('userdesk-backup-codes.txt', text)}
        >
          Download .txt
        </Button>
        <Button icon={<PrinterIcon size={16} />} onClick={print}>
          Print
        </Button>
      </div>
      <div className="checkbox-row no-print">
        <Checkbox.Root
          id={checkboxId}
          className="checkbox"
          checked={saved}
          onCheckedChange={(value) => setSaved(value === true)}
        >
          <Checkbox.Indicator className="checkbox-indicator">
            <CheckIcon size={14} />
          </Checkbox.Indicator>
        </Checkbox.Root>
        <label htmlFor={checkboxId}>I have saved these codes</label>
      </div>
    </Modal>
  );
}
