// A school's live feed on the client: a snapshot, then deltas applied strictly in sequence.
// A gap (a delta we did not get) or a reconnect asks the hub for the missed deltas; if the hub no longer has them,
// or the feed restarted (new epoch, or a "resync" message), we take a fresh snapshot. Duplicates are ignored by sequence number.

import { token } from "./auth.js";
import { api } from "./api.js";
import { rollCallBanner, showRollCallBanner } from "./roll-call-banner.js";

// onRefused(message): a subscription the signed-in role may not have (the rest of the page carries on).
export function connect(onState, onRefused = message => console.warn(message)) {
  const connection = new signalR.HubConnectionBuilder()
    // WebSockets straight away, without the negotiate request: behind a load balancer the connection may land on any
    // silo (the push path reaches them all), so no sticky sessions are needed.
    .withUrl("/hubs/attendance", { accessTokenFactory: token, skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .build();
  const feeds = new Map();
  const inboxes = [];
  connection.on("delta", delta => feeds.get(delta.schoolId)?.receive(delta));
  // The school's feed restarted on another silo (its silo failed): its sequence began again, so start afresh.
  connection.on("resync", schoolId => feeds.get(schoolId)?.snapshot());
  // A roll call begun or ended: every staff page with a live feed says so (the roll call page keeps its own list).
  connection.on("rollCall", news => {
    showRollCallBanner(news.schoolId, !news.ended);
    rollCalls.filter(r => r.schoolId === news.schoolId).forEach(r => r.load());
  });
  const rollCalls = [];
  for (const message of ["alert", "task", "family", "mark", "rollCallLine"]) {
    connection.on(message, pushed => {
      const item = message === "family" ? request(pushed) : pushed;
      inboxes.filter(i => i.message === message && i.accepts(item)).forEach(i => i.receive(item));
    });
  }
  connection.onreconnecting(() => onState("reconnecting"));
  connection.onreconnected(async () => {
    onState("live");
    await each(feed => feed.resume(), inbox => inbox.load());
  });
  connection.onclose(() => {
    onState("offline");
    setTimeout(start, 5000);
  });

  async function start() {
    try {
      await connection.start();
      onState("live");
      await each(feed => feed.snapshot(), inbox => inbox.load());
    } catch {
      onState("offline");
      // A WebSocket refused for an expired or revoked token says nothing about why: ask the API, whose 401 leads
      // back to sign-in (see api), rather than retrying forever.
      await api("/api/me").catch(() => {});
      setTimeout(start, 5000);
    }
  }

  async function each(onFeed, onInbox) {
    for (const work of [...[...feeds.values()].map(f => () => onFeed(f)), ...inboxes.map(i => () => onInbox(i))]) {
      try {
        await work();
      } catch (error) {
        if (connection.state !== signalR.HubConnectionState.Connected) throw error;
        onRefused(error.message.replace(/^.*HubException: /, ""));
      }
    }
  }

  // Open alerts or tasks: the list on (re)connect, then each pushed change (the whole item, so a repeat is harmless).
  function inbox(message, subscribe, accepts, isOpen, onChange) {
    const open = new Map();
    const created = {
      message,
      accepts,
      async load() {
        open.clear();
        (await subscribe()).forEach(a => open.set(a.id, a));
        onChange(open);
      },
      receive(item) {
        if (isOpen(item)) open.set(item.id, item);
        else open.delete(item.id);
        onChange(open, item);
      },
    };
    inboxes.push(created);
    return created;
  }

  return {
    start,
    // classId: one class's register only (what a teacher may follow); null for the whole school.
    // rollCallBanner: say on the page when the school has a roll call under way (not on a page of every school).
    watch(schoolId, onChange, classId = null, { rollCallBanner: banner = true } = {}) {
      if (banner) rollCallBanner(schoolId);
      const feed = new SchoolFeed(connection, schoolId, onChange, classId);
      feeds.set(schoolId, feed);
      return feed;
    },
    // A school's open alerts, as its attendance leads see them: the list on (re)connect, then each change pushed.
    alerts(schoolId, onChange) {
      return inbox("alert", () => connection.invoke("SubscribeAlerts", schoolId), alert => alert.schoolId === schoolId, alertOpen, onChange);
    },
    // The alerts the trust's policy sends to trust leaders, from every school.
    trustAlerts(onChange) {
      return inbox("alert", () => connection.invoke("SubscribeTrustAlerts"), alert => alert.forTrust, alertOpen, onChange);
    },
    // A school's absence reports and leave requests from parents, decided ones included (each with its type).
    family(schoolId, onChange) {
      return inbox("family", async () => {
        const all = await connection.invoke("SubscribeFamily", schoolId);
        return [...all.reports.map(r => ({ ...r, type: "report" })), ...all.leave.map(l => ({ ...l, type: "leave" })),
          ...(all.contactChanges ?? []).map(c => ({ ...c, type: "contact" }))];
      }, item => item.schoolId === schoolId, () => true, onChange);
    },
    // A parent's children: each new mark of one of them; onChanged when a report or request about one changed (whose,
    // the parent's page reads again: it may be the other parent's) and after each (re)subscription, for what was
    // missed while disconnected. load() again renews the subscription.
    children(onMark, onChanged = () => {}) {
      connection.on("requestChanged", onChanged);
      return inbox("mark", () => connection.invoke("SubscribeChildren").then(() => []), () => true, () => false, (all, mark) => mark ? onMark(mark) : onChanged());
    },
    // A school's roll call under way (null: none), with the pupils this user accounts for; then each pupil ticked off
    // by anyone (onChange(rollCall, line)), and afresh when one begins or ends.
    rollCall(schoolId, onChange) {
      let current = null;
      const created = inbox("rollCallLine", async () => {
        current = await connection.invoke("SubscribeRollCall", schoolId);
        onChange(current);
        return [];
      }, pushed => pushed.schoolId === schoolId && pushed.rollCallId === current?.id, () => false, (all, pushed) => {
        if (!pushed) return;
        const i = current.lines.findIndex(l => l.upn === pushed.line.upn);
        if (i < 0 || pushed.line.version < current.lines[i].version) return; // told late: a later change is shown
        current.lines[i] = pushed.line;
        onChange(current, pushed.line);
      });
      rollCalls.push({ schoolId, load: () => created.load() });
      return created;
    },
    // A school's or a provision's open follow-up tasks (calls, visits, referrals).
    tasks(ownerId, onChange) {
      return inbox("task", () => connection.invoke("SubscribeTasks", ownerId), task => task.ownerId === ownerId, task => !task.closed, onChange);
    },
  };
}

// A pushed change carries a report, a leave request or a contact change: as the list holds them, with their type.
const request = change => change.report ? { ...change.report, type: "report" }
  : change.leave ? { ...change.leave, type: "leave" } : { ...change.contact, type: "contact" };

const alertOpen = alert => alert.status === "Open" || alert.status === "Acknowledged";

class SchoolFeed {
  constructor(connection, schoolId, onChange, classId) {
    this.connection = connection;
    this.schoolId = schoolId;
    this.classId = classId;
    this.onChange = onChange;
    this.state = null;
    this.pending = [];
    this.busy = false;
  }

  async snapshot() {
    await this.exclusive(async () => {
      const snapshot = await this.connection.invoke("Subscribe", this.schoolId, this.classId);
      this.state = fromSnapshot(snapshot);
    });
  }

  async resume() {
    if (!this.state) return this.snapshot();
    await this.exclusive(async () => {
      const catchUp = await this.connection.invoke("Resume", this.schoolId, this.state.epoch, this.state.sequence, this.classId);
      if (catchUp.deltas) catchUp.deltas.forEach(d => this.apply(d));
      else this.state = fromSnapshot(await this.connection.invoke("Subscribe", this.schoolId, this.classId));
    });
  }

  receive(delta) {
    if (this.busy || !this.state) return this.pending.push(delta);
    if (delta.epoch !== this.state.epoch || delta.sequence > this.state.sequence + 1) {
      this.pending.push(delta);
      return this.resume();
    }
    this.apply(delta);
    this.onChange(this.state);
  }

  async exclusive(work) {
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
    }
    const queued = this.pending.splice(0).sort((a, b) => a.sequence - b.sequence);
    const gap = queued.some(d => d.epoch !== this.state.epoch || !this.apply(d));
    this.onChange(this.state);
    if (gap) setTimeout(() => this.resume(), 0);
  }

  // Applies the next delta in sequence; false when it is not the next one (a gap: resume).
  apply(delta) {
    const s = this.state;
    if (delta.epoch !== s.epoch) return false;
    if (delta.sequence <= s.sequence) return true; // already applied
    if (delta.sequence !== s.sequence + 1) return false;
    s.sequence = delta.sequence;
    s.totals = delta.totals;
    delta.classes.forEach(c => s.classes.set(c.classId, c));
    delta.arrivals.forEach(a => s.arrivals.set(a.minute, a.arrivals));
    delta.callListAdded.forEach(p => s.callList.set(p.upn, p));
    delta.callListRemoved.forEach(upn => s.callList.delete(upn));
    delta.lateAfterCloseAdded.forEach(p => s.lateAfterClose.set(p.upn, p));
    delta.lateAfterCloseRemoved.forEach(upn => s.lateAfterClose.delete(upn));
    s.updatedAt = new Date();
    return true;
  }
}

function fromSnapshot(snapshot) {
  return {
    ...snapshot,
    classes: new Map(snapshot.classes.map(c => [c.classId, c])),
    arrivals: new Map(snapshot.arrivals.map(a => [a.minute, a.arrivals])),
    callList: new Map(snapshot.callList.map(p => [p.upn, p])),
    lateAfterClose: new Map(snapshot.lateAfterClose.map(p => [p.upn, p])),
    updatedAt: new Date(),
  };
}
