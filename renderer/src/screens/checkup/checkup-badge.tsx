import { useCheckup, useCheckupLoader } from './checkup-store.js';

/** The number of checkup findings, next to "Security checkup" in the sidebar. */
export function CheckupBadge() {
  useCheckupLoader();
  const count = useCheckup((state) => state.data?.findings.length);
  if (!count) return null;
  return (
    <span className="nav-badge" data-checkup-count={count}>
      {count}
      <span className="visually-hidden"> {count === 1 ? 'finding' : 'findings'}</span>
    </span>
  );
}
