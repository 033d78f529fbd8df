import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDevice } from '../../main/domain/sessions.js';

test('device labels name the browser and OS, and call scripts what they are', () => {
  const cases: [string, string][] = [
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0',
      'Firefox on macOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/156.0 Safari/537.36 Edg/156.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Userdesk/0.1.0 Chrome/140 Electron/45.5.0',
      'Userdesk app on Linux',
    ],
    ['curl/8.5.0', 'curl'],
    ['node', 'Script or API client'],
    ['python-requests/2.32', 'Script or API client'],
    ['', 'Unknown device'],
  ];
  for (const [ua, label] of cases) assert.equal(describeDevice(ua), label, ua);
});
