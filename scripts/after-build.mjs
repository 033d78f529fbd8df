// After tsc: make the `userdesk` bin executable (npm link / a global install run it directly).
import { chmodSync, existsSync } from 'node:fs';

const cli = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('after-build: dist/main/cli.js is missing; did tsc fail?');
  process.exit(1);
}
chmodSync(cli, 0o755);
