import { download } from '../../lib/download.js';
import { Button } from '../../components/ui.js';
import { DownloadIcon } from '../../components/icons.js';

/** Every user, one row each, as the server's export answers it (never a secret). */
export function ExportUsersButtons() {
  return (
    <>
      <Button
        icon={<DownloadIcon size={16} />}
        onClick={() => download('/api/users/export/?format=json', 'userdesk-users.json')}
      >
        Export JSON
      </Button>
      <Button
        icon={<DownloadIcon size={16} />}
        onClick={() => download('/api/users/export/?format=csv', 'userdesk-users.csv')}
      >
        Export CSV
      </Button>
    </>
  );
}
