/** Whether a webhook target is an http(s) URL without credentials (one rule for the API and the pages). */
export function isWebhookUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
