/**
 * The async Clipboard API exists only in secure contexts and may be refused by permissions; callers
 * keep the text visible and selectable, so a refusal only changes what we announce.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
