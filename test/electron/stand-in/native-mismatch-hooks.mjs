// Server-process hook for one test: better-sqlite3 fails to load exactly as a native addon built
// for another ABI does (Node's own message), as in a packaged app that skipped the rebuild.
const failing = `data:text/javascript,${encodeURIComponent(
  'throw new Error("The module \'/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node\' was compiled against a different Node.js version using NODE_MODULE_VERSION 136. This version of Node.js requires NODE_MODULE_VERSION 115."); export default null;',
)}`;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'better-sqlite3') return { url: failing, shortCircuit: true };
  return nextResolve(specifier, context);
}
