// Notifications on this phone or computer, for a parent: the browser subscribes with the service's push key and the
// subscription is kept on the parent's account, so a first-day message or a decision arrives as a notification
// (sw.js shows it and opens its page). Offered only where the browser can and the service has a push key.
import { api } from "./api.js";

export async function offerNotifications(panel) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  const response = await api("/api/family/devices");
  if (!response.ok) return;
  const { publicKey } = await response.json();
  if (!publicKey) return;

  const registration = await navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready);
  const state = panel.querySelector("[role=status]"), button = panel.querySelector("button");
  let subscription = await registration.pushManager.getSubscription();
  const show = said => {
    state.textContent = said ?? (subscription ? "Notifications are on for this device: messages from school arrive here at once." : "Notifications are off for this device.");
    button.textContent = subscription ? "Turn notifications off on this device" : "Turn on notifications on this device";
  };
  panel.hidden = false;
  show();

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (subscription) {
        await api(`/api/family/devices?endpoint=${encodeURIComponent(subscription.endpoint)}`, { method: "DELETE" });
        await subscription.unsubscribe();
        subscription = null;
        show();
      } else if (await Notification.requestPermission() !== "granted") {
        show("Notifications are blocked for this site in the browser's settings: allow them there, then try again.");
      } else {
        const created = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(publicKey) });
        const saved = await api("/api/family/devices", { method: "PUT", body: JSON.stringify(created.toJSON()) });
        if (saved.ok) subscription = created;
        else await created.unsubscribe();
        show(saved.ok ? undefined : `Notifications were not turned on: ${(await saved.json()).detail}`);
      }
    } catch {
      show("This browser could not turn notifications on. Check the connection, or the browser's settings for this site.");
    } finally {
      button.disabled = false;
    }
  });
}

// The key as bytes (base64url), as every browser accepts it.
function bytes(base64Url) {
  const base64 = base64Url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64 + "=".repeat((4 - base64.length % 4) % 4)), c => c.charCodeAt(0));
}
