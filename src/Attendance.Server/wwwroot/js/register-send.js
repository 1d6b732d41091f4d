// Sending a register's submission that waits on the device (register-store.js), with its Idempotency-Key so a resend
// is applied once. The answer, for the screen to word: "offline" (no connection, a server error or a lapsed sign-in:
// it keeps waiting on the device), "busy" (the school's server refused it untouched; send again after `after`
// seconds), "recorded" (with what the school recorded) or "refused" (with the school's problem).
import { api } from "./api.js";

export async function sendSubmission(url, pending, body) {
  let response;
  try {
    response = await api(url, { method: "POST", headers: { "Idempotency-Key": pending.key }, body: JSON.stringify(body) });
  } catch {
    return { outcome: "offline" };
  }
  if (response.status === 503 || response.status === 429) return { outcome: "busy", after: Number(response.headers.get("Retry-After")) || 5 };
  if (response.status >= 500 || response.status === 401) return { outcome: "offline" };
  return response.ok ? { outcome: "recorded", value: await response.json() } : { outcome: "refused", problem: await response.json() };
}

// Sends again after a busy server's wait, with a little jitter so a school's classrooms do not all come back at once.
export const retryAfter = (seconds, send) => setTimeout(send, seconds * 1000 + Math.random() * 2000);
