import type { CheckupFinding, CheckupFix } from '../../../../shared/checkup.js';
import { navigate } from '../../state/router.js';
import { Alert, Badge, Button, Card, ErrorBlock, LoadingBlock, PageHeader } from '../../components/ui.js';
import { useCheckup, useCheckupLoader } from './checkup-store.js';
import './checkup.css';

/** The one-click fix for each kind of finding: the screen (and form) that fixes it. */
const FIXES: Record<CheckupFix, { label: string; run: () => void }> = {
  enable_two_factor: { label: 'Set up two-factor', run: () => navigate('/two-factor') },
  regenerate_backup_codes: { label: 'Make new backup codes', run: () => navigate('/two-factor') },
  edit_api_key_scopes: { label: 'Narrow its scopes', run: () => navigate('/api-keys') },
  delete_api_key: { label: 'Review the key', run: () => navigate('/api-keys') },
  revoke_session: { label: 'Review sessions', run: () => navigate('/devices') },
  change_password: { label: 'Change password', run: () => navigate('/profile') },
  cancel_email_change: { label: 'Finish or cancel it', run: () => navigate('/profile') },
};

const TITLES: Record<CheckupFinding['id'], string> = {
  two_factor_off: 'Two-factor is off',
  backup_codes_low: 'Few backup codes left',
  api_key_wildcard_scope: 'An API key can do everything',
  api_key_unused: 'An API key is not used',
  session_idle: 'A session has been idle',
  password_weak: 'The password is weak',
  password_strength_unknown: 'Password strength unknown',
  email_change_pending: 'An email change is waiting',
};

const TONE = { high: 'danger', medium: 'warning', low: 'neutral' } as const;

function scoreTone(score: number) {
  return score >= 90 ? 'success' : score >= 60 ? 'warning' : 'danger';
}

/** Security checkup: a score and what to fix, each with the button that goes and fixes it. */
export function SecurityCheckupScreen() {
  useCheckupLoader();
  const data = useCheckup((state) => state.data);
  const error = useCheckup((state) => state.error);

  return (
    <>
      <PageHeader
        title="Security checkup"
        description="How safe your account is, and what would make it safer."
      />
      {error && !data ? <ErrorBlock error={error} onRetry={() => void useCheckup.getState().load()} /> : null}
      {!data && !error ? <LoadingBlock label="Checking your account" /> : null}
      {data ? (
        <>
          <Card title="Score">
            <div className="checkup-score" data-score={data.score}>
              <span className={`checkup-score-number tone-${scoreTone(data.score)}`}>{data.score}</span>
              <span className="muted">out of 100</span>
            </div>
          </Card>
          <Card
            title="What to fix"
            description={
              data.findings.length
                ? `${data.findings.length} ${data.findings.length === 1 ? 'finding' : 'findings'}, most important first.`
                : undefined
            }
          >
            {data.findings.length === 0 ? (
              <Alert tone="success" title="Nothing to fix">
                Two-factor is on, your keys and sessions are in use, and your password was strong.
              </Alert>
            ) : (
              <ul className="checkup-list" aria-label="Findings">
                {data.findings.map((finding, index) => {
                  const fix = FIXES[finding.fix];
                  return (
                    <li
                      key={`${finding.id}-${finding.target_id ?? index}`}
                      className="checkup-finding"
                      data-finding={finding.id}
                    >
                      <div className="checkup-finding-text">
                        <p className="checkup-finding-title">
                          {TITLES[finding.id]}
                          {finding.target_label ? `: ${finding.target_label}` : ''}{' '}
                          <Badge tone={TONE[finding.severity]}>{finding.severity}</Badge>
                        </p>
                        <p className="muted small">{finding.detail}</p>
                      </div>
                      <Button size="sm" variant="primary" onClick={fix.run}>
                        {fix.label}
                      </Button>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </>
      ) : null}
    </>
  );
}
