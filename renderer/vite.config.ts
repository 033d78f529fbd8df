import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * The server's CSP is `style-src 'self'`: a `<style>` element added at run time is refused (and
 * logged as a violation). Two libraries do that. sonner injects its whole stylesheet: that
 * injection becomes a no-op and main.tsx imports the same `sonner/dist/styles.css` as a file.
 * react-style-singleton (Radix's scroll lock) injects a few computed rules: it is rewritten to
 * adopt a constructable CSSStyleSheet instead (CSSOM, which CSP allows) — same rules, no violation.
 */
function cspSafeRuntimeStyles(): Plugin {
  const adopt = `function __adoptCSS(code) {
  if (!code || typeof document === 'undefined') return null;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(code);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return sheet;
}
function __dropCSS(sheet) {
  if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
}`;
  return {
    name: 'userdesk:csp-safe-runtime-styles',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0].replace(/\\/g, '/');
      if (file.endsWith('/sonner/dist/index.mjs')) {
        const patched = code.replace(
          /function __insertCSS\(code\) \{[\s\S]*?\n\}\n/,
          'function __insertCSS(_code) { /* shipped as sonner/dist/styles.css, imported by main.tsx */ }\n',
        );
        if (patched === code) this.error('sonner: __insertCSS not found; update the CSP patch');
        return { code: patched, map: null };
      }
      if (/\/react-style-singleton\/dist\/es\d+\/singleton\.js$/.test(file)) {
        return {
          code: `${adopt}
export var stylesheetSingleton = function () {
  var counter = 0;
  var sheet = null;
  return {
    add: function (style) { if (counter === 0) sheet = __adoptCSS(style); counter++; },
    remove: function () { counter--; if (!counter) { __dropCSS(sheet); sheet = null; } },
  };
};`,
          map: null,
        };
      }
      return null;
    },
  };
}

/**
 * The password meter runs zxcvbn-ts in the page with the same dictionaries as the server, but
 * trimmed to their most frequent entries (the full lists are ~800 KB gzipped). The server's check
 * stays the authority; the meter is guidance and agrees on everything but rare words.
 */
function strengthDictionaries(): Plugin {
  const id = 'virtual:strength-dictionaries';
  return {
    name: 'userdesk:strength-dictionaries',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      const common = require('@zxcvbn-ts/language-common') as {
        dictionary: Record<string, string[]>;
        adjacencyGraphs: unknown;
      };
      const en = require('@zxcvbn-ts/language-en') as {
        dictionary: Record<string, string[]>;
        translations: unknown;
      };
      const top = (list: string[], n: number) => list.slice(0, n);
      const dictionary = {
        'passwords-common': top(common.dictionary['passwords-common'], 12000),
        'commonWords-en': top(en.dictionary['commonWords-en'], 6000),
        'firstnames-en': top(en.dictionary['firstnames-en'], 2000),
        'lastnames-en': top(en.dictionary['lastnames-en'], 2000),
        'wikipedia-en': top(en.dictionary['wikipedia-en'], 3000),
      };
      return `export const dictionary = ${JSON.stringify(dictionary)};
export const adjacencyGraphs = ${JSON.stringify(common.adjacencyGraphs)};
export const translations = ${JSON.stringify(en.translations)};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [cspSafeRuntimeStyles(), strengthDictionaries(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Module preload polyfill would inject an inline script; the CSP forbids it and Chromium needs none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
