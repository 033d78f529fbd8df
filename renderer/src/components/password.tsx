import { forwardRef, useEffect, useState } from 'react';
import { TextField, type TextFieldProps } from './ui.js';
import { EyeIcon, EyeOffIcon } from './icons.js';
import { loadStrengthChecker, userInputWords, type Strength } from '../lib/strength.js';
import './password.css';

/** A password input with a show/hide toggle. */
export const PasswordField = forwardRef<HTMLInputElement, Omit<TextFieldProps, 'type'>>(
  function PasswordField(props, ref) {
    const [visible, setVisible] = useState(false);
    return (
      <TextField
        ref={ref}
        {...props}
        type={visible ? 'text' : 'password'}
        spellCheck={false}
        autoCapitalize="off"
        after={
          <button
            type="button"
            className="input-affix-button"
            onClick={() => setVisible((v) => !v)}
            aria-label={visible ? 'Hide password' : 'Show password'}
            aria-pressed={visible}
          >
            {visible ? <EyeOffIcon size={16} /> : <EyeIcon size={16} />}
          </button>
        }
      />
    );
  },
);

const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;

/**
 * The strength meter: zxcvbn's 0–4 score as four bars and a word, with its advice. The server
 * accepts a score of 3 ("Good") or more and at least 8 characters; the meter says so.
 */
export function PasswordStrength({ password, userInputs }: { password: string; userInputs: string[] }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  const inputsKey = userInputs.join('\u0000');

  useEffect(() => {
    let cancelled = false;
    if (!password) {
      setStrength(null);
      return;
    }
    const timer = setTimeout(() => {
      void loadStrengthChecker().then((check) => {
        if (!cancelled) setStrength(check(password, userInputWords(inputsKey.split('\u0000'))));
      });
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [password, inputsKey]);

  const tooShort = password.length > 0 && [...password].length < 8;
  const score = strength?.score ?? 0;
  // At least one bar lights up as soon as there is a password, so "Very weak" is visible too.
  const shown = password ? Math.max(1, tooShort ? Math.min(score, 1) : score) : 0;
  const label = !password
    ? 'Enter a password'
    : tooShort
      ? 'Too short'
      : strength
        ? LABELS[score]
        : 'Checking…';
  const advice = tooShort
    ? 'Use at least 8 characters.'
    : strength && strength.score < 3
      ? [strength.warning, ...strength.suggestions].filter(Boolean).join(' ') || 'Add another word or two.'
      : strength
        ? 'Good to go.'
        : '';

  return (
    <div className="strength" data-score={password ? shown : undefined}>
      <div className="strength-bars" aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span key={bar} className={password && shown >= bar ? 'on' : ''} />
        ))}
      </div>
      <p className="strength-text" aria-live="polite">
        <span className="strength-label">Strength: {label}</span>
        {advice ? <span className="strength-advice"> — {advice}</span> : null}
      </p>
    </div>
  );
}
