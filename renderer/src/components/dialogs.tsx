import type { ReactNode } from 'react';
import { AlertDialog, Dialog } from 'radix-ui';
import { create } from 'zustand';
import { Button } from './ui.js';
import { XIcon } from './icons.js';
import './dialogs.css';

/**
 * Dialogs on Radix primitives (focus trap, Escape, focus return, aria wiring): `Modal` for forms
 * and content, and an imperative `confirm()` backed by one AlertDialog host.
 */

export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  size = 'md',
  dismissible = true,
  className,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** When false, Escape and outside clicks do not close it (the footer must offer the way out). */
  dismissible?: boolean;
  className?: string;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next || dismissible ? onOpenChange(next) : undefined)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className={['dialog', `dialog-${size}`, className].filter(Boolean).join(' ')}
          onEscapeKeyDown={(event) => (dismissible ? undefined : event.preventDefault())}
          onPointerDownOutside={(event) => (dismissible ? undefined : event.preventDefault())}
          onInteractOutside={(event) => (dismissible ? undefined : event.preventDefault())}
        >
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">{title}</Dialog.Title>
            {dismissible ? (
              <Dialog.Close asChild>
                <button type="button" className="icon-button" aria-label="Close">
                  <XIcon />
                </button>
              </Dialog.Close>
            ) : null}
          </div>
          {description ? (
            <Dialog.Description className="dialog-description">{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="visually-hidden">{title}</Dialog.Description>
          )}
          <div className="dialog-body">{children}</div>
          {footer ? <div className="dialog-footer">{footer}</div> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  tone: 'danger' | 'primary';
  resolve: (ok: boolean) => void;
}

const useConfirmStore = create<{ request: ConfirmRequest | null }>()(() => ({ request: null }));

/** Asks a yes/no question in an alert dialog; resolves true when confirmed. */
export function confirm(options: {
  title: string;
  body: ReactNode;
  confirmLabel?: string;
  tone?: 'danger' | 'primary';
}): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirmStore.getState().request?.resolve(false);
    useConfirmStore.setState({
      request: {
        title: options.title,
        body: options.body,
        confirmLabel: options.confirmLabel ?? 'Confirm',
        tone: options.tone ?? 'danger',
        resolve,
      },
    });
  });
}

export function ConfirmHost() {
  const request = useConfirmStore((state) => state.request);
  const finish = (ok: boolean) => {
    const current = useConfirmStore.getState().request;
    if (!current) return;
    current.resolve(ok);
    useConfirmStore.setState({ request: null });
  };
  return (
    <AlertDialog.Root open={Boolean(request)} onOpenChange={(open) => (!open ? finish(false) : undefined)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog-sm">
          <div className="dialog-header">
            <AlertDialog.Title className="dialog-title">{request?.title}</AlertDialog.Title>
          </div>
          <AlertDialog.Description asChild>
            <div className="dialog-description">{request?.body}</div>
          </AlertDialog.Description>
          <div className="dialog-footer">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button
                variant={request?.tone === 'primary' ? 'primary' : 'danger'}
                onClick={() => finish(true)}
              >
                {request?.confirmLabel}
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
