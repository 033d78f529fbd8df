import type { ReactNode } from 'react';
import { formatCountdown } from '../lib/format.js';
import { Button } from './ui.js';

/**
 * A throttled form's submit button: while the server's Retry-After runs it is disabled and the
 * time left is announced (sign-in and the second-factor step share it).
 */
export function ThrottledSubmit({
  countdown,
  busy,
  children,
}: {
  countdown: { active: boolean; remaining: number };
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <>
      {countdown.active ? (
        <p className="countdown" role="timer" aria-live="polite">
          You can try again in <strong>{formatCountdown(countdown.remaining)}</strong>.
        </p>
      ) : null}
      <Button
        type="submit"
        variant="primary"
        loading={busy}
        disabled={countdown.active}
        className="btn-block"
      >
        {children}
      </Button>
    </>
  );
}
