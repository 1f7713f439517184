/**
 * Copies text the user asked to copy (a command to paste into a terminal). The async Clipboard API
 * needs a permission main denies to every page, so the fallback is the editing command on the
 * selected field, which Chromium allows during a click. False when neither worked: the caller then
 * leaves the text selected and says how to copy it by hand.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no Clipboard API, or its permission refused: fall through
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
