// Notifications on this phone or computer: a parent's messages from school (/api/family/devices), or a member of
// the pastoral staff on duty for the day's truancy alerts (/api/schools/{school}/duty). The browser's one push
// subscription for the service (shared by both uses, so never dropped here) is sent to the server, which keeps it
// for the parent or the duty; sw.js shows each notification and opens its page. Offered only where the browser can
// and the service has a push key.
import { api } from "./api.js";

export async function offerNotifications(panel, url, words, answered = () => {}) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  const registration = await navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready);
  let subscription = await registration.pushManager.getSubscription();
  const read = async () => {
    const response = await api(`${url}?endpoint=${encodeURIComponent(subscription?.endpoint ?? "")}`);
    return response.ok ? response.json() : {};
  };
  let answer = await read();
  if (!answer.publicKey) return;

  const state = panel.querySelector("[role=status]"), button = panel.querySelector("button");
  const show = said => {
    state.textContent = said ?? (answer.thisDevice ? words.on : words.off);
    button.textContent = answer.thisDevice ? words.turnOff : words.turnOn;
    answered(answer);
  };
  panel.hidden = false;
  show();

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (answer.thisDevice) {
        await api(`${url}?endpoint=${encodeURIComponent(subscription.endpoint)}`, { method: "DELETE" });
        answer = await read();
        show();
      } else if (await Notification.requestPermission() !== "granted") {
        show("Notifications are blocked for this site in the browser's settings: allow them there, then try again.");
      } else {
        subscription = await subscribed(registration, answer.publicKey);
        const saved = await api(url, { method: "PUT", body: JSON.stringify(subscription.toJSON()) });
        const refusal = saved.ok ? undefined : `Notifications were not turned on: ${(await saved.json()).detail}`;
        answer = await read();
        show(refusal);
      }
    } catch {
      show("This browser could not turn notifications on. Check the connection, or the browser's settings for this site.");
    } finally {
      button.disabled = false;
    }
  });
}

// The browser's subscription with the service's key: the one it has, unless made with another key (a new key pair).
async function subscribed(registration, publicKey) {
  const key = bytes(publicKey);
  const current = await registration.pushManager.getSubscription();
  const made = current?.options?.applicationServerKey;
  if (current && made && new Uint8Array(made).join() === key.join()) return current;
  await current?.unsubscribe();
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

// The key as bytes (base64url), as every browser accepts it.
function bytes(base64Url) {
  const base64 = base64Url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64 + "=".repeat((4 - base64.length % 4) % 4)), c => c.charCodeAt(0));
}
