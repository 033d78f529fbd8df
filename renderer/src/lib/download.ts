/**
 * Saves a file the server answers (an export): a same-origin link click sends the session cookie
 * and lets the browser (or Electron's download handler) save it under `filename`.
 */
export function download(href: string, filename: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}
