// Sending a register's submission that waits on the device (register-store.js), with its Idempotency-Key so a resend
// is applied once, for the session register and the lesson register alike. It is sent at once, again when the device
// comes back online and every 15 seconds while it waits, and after a busy server's wait (with a little jitter, so a
// school's classrooms do not all come back at the same moment). No connection, a server error or a lapsed sign-in
// leave it waiting on the device; the school's answer, "recorded" (with what it recorded) or "refused" (with its
// problem), goes to `answered`.
import { api } from "./api.js";

// store: the register's RegisterStore; url: where it is posted; render: redraws the screen; answered(answer): after the school answered.
export function registerSender(store, url, render, answered) {
  const sender = {
    sending: false,
    busyUntil: 0, // when a busy server asked to be sent the register again

    async send() {
      if (sender.sending || !store.pending) return;
      if (!navigator.onLine) return render(); // a device that knows it is offline waits for the "online" event
      sender.sending = true;
      render();
      const answer = await post(url, store.pending);
      sender.sending = false;
      if (answer.outcome === "busy") {
        sender.busyUntil = Date.now() + answer.after * 1000;
        setTimeout(sender.send, answer.after * 1000 + Math.random() * 2000);
        return render();
      }
      if (answer.outcome === "offline") return render();
      sender.busyUntil = 0;
      await answered(answer);
    },

    // What the screen says of a submission waiting on the device.
    pendingText(time) {
      const saved = `Saved on this device, not sent yet (submitted at ${time(store.pending.at)}).`;
      return sender.sending ? "Sending to the school…"
        : sender.busyUntil > Date.now() ? `${saved} The school's system is busy: it will be sent again in a few seconds.`
        : `${saved} It will be sent when the connection returns.`;
    },
  };
  addEventListener("online", () => store.pending && sender.send());
  setInterval(() => store.pending && sender.send(), 15000);
  return sender;
}

async function post(url, pending) {
  let response;
  try {
    response = await api(url, { method: "POST", headers: { "Idempotency-Key": pending.key }, body: JSON.stringify({ marks: pending.marks }) });
  } catch {
    return { outcome: "offline" };
  }
  if (response.status === 503 || response.status === 429) return { outcome: "busy", after: Number(response.headers.get("Retry-After")) || 5 };
  if (response.status >= 500 || response.status === 401) return { outcome: "offline" };
  return response.ok ? { outcome: "recorded", value: await response.json() } : { outcome: "refused", problem: await response.json() };
}
