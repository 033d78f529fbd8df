import { ToggleGroup } from 'radix-ui';
import { toast } from 'sonner';
import type { ThemeMode } from '../../../shared/enums.js';
import { api } from '../api/endpoints.js';
import { errorMessage } from '../lib/errors.js';
import { useSession } from '../state/session.js';
import { useTheme } from '../state/theme.js';
import { MonitorIcon, MoonIcon, SunIcon } from './icons.js';
import './theme-toggle.css';

const OPTIONS: { value: ThemeMode; label: string; Icon: typeof SunIcon }[] = [
  { value: 'light', label: 'Light', Icon: SunIcon },
  { value: 'dark', label: 'Dark', Icon: MoonIcon },
  { value: 'system', label: 'System', Icon: MonitorIcon },
];

/** Applies a theme at once; signed in, also saves it as the user's `theme_mode`. */
export async function chooseTheme(value: ThemeMode): Promise<void> {
  const theme = useTheme.getState();
  const previous = theme.preference;
  theme.setPreference(value);
  const { user, setUser } = useSession.getState();
  if (!user) return;
  try {
    setUser(await api.patchUser('@me', { theme_mode: value }));
  } catch (error) {
    theme.setPreference(previous);
    toast.error('Could not save the theme', { description: errorMessage(error) });
  }
}

/** Light / Dark / System as a segmented control (a radio group to assistive tech). */
export function ThemeToggle({ compact = false, labelledBy }: { compact?: boolean; labelledBy?: string }) {
  const preference = useTheme((state) => state.preference);
  return (
    <ToggleGroup.Root
      type="single"
      className={compact ? 'segmented segmented-compact' : 'segmented'}
      value={preference}
      onValueChange={(value) => (value ? void chooseTheme(value as ThemeMode) : undefined)}
      aria-label={labelledBy ? undefined : 'Theme'}
      aria-labelledby={labelledBy}
    >
      {OPTIONS.map(({ value, label, Icon }) => (
        <ToggleGroup.Item
          key={value}
          value={value}
          className="segmented-item"
          aria-label={compact ? `${label} theme` : undefined}
          title={`${label} theme`}
        >
          <Icon size={16} />
          {compact ? null : <span>{label}</span>}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
