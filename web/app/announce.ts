/** One polite live region for the app's confirmations ("Incident created", "Status changed"). */
import { useEffect, useState } from 'preact/hooks';

let message = '';
const listeners = new Set<(m: string) => void>();

export function announce(text: string): void {
  // Clearing first makes a repeated message announced again.
  message = '';
  listeners.forEach((l) => l(''));
  setTimeout(() => {
    message = text;
    listeners.forEach((l) => l(text));
  }, 50);
}

export function useAnnouncement(): string {
  const [text, setText] = useState(message);
  useEffect(() => {
    listeners.add(setText);
    return () => void listeners.delete(setText);
  }, []);
  return text;
}
