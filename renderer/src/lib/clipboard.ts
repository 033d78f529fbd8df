import { toast } from 'sonner';

/** Copies text, falling back to a hidden textarea where the async clipboard is unavailable. */
export async function copyText(text: string, what = 'Copied to clipboard'): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) {
      toast.error('Could not copy', { description: 'Select the text and copy it yourself.' });
      return false;
    }
  }
  toast.success(what);
  return true;
}

/** Saves text as a file through the browser's download (Electron routes it to a save dialog). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
