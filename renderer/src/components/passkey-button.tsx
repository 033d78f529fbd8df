import { useState } from 'react';
import { errorMessage } from '../lib/errors.js';
import { isPasskeyCancel, passkeysWorkHere } from '../lib/passkeys.js';
import { KeyIcon } from './icons.js';
import { Alert, Button } from './ui.js';

/**
 * A button that runs one passkey ceremony. Closing or refusing the browser prompt is not an error:
 * the button simply returns to idle. Hidden on a page where passkeys cannot work (not localhost).
 */
export function PasskeyButton({
  label,
  run,
  onDone,
  variant = 'secondary',
}: {
  label: string;
  run: () => Promise<unknown>;
  onDone: () => void | Promise<void>;
  variant?: 'primary' | 'secondary';
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!passkeysWorkHere()) return null;

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
      await onDone();
    } catch (e) {
      if (!isPasskeyCancel(e)) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="passkey-button">
      <Button variant={variant} loading={busy} icon={<KeyIcon size={16} />} onClick={() => void go()}>
        {label}
      </Button>
      {error ? <Alert tone="danger">{error}</Alert> : null}
    </div>
  );
}
