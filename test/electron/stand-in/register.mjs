// `node --import ./register.mjs dist/main/electron/main.js`: loads the Electron stand-in in place
// of 'electron', so the real main process code runs under plain Node in the tests.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
