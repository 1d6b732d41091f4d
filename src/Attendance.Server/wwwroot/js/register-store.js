// What the register screen keeps on the device, per register (school, class, session), in localStorage so it
// survives a reload or a flat battery: the register as last loaded, the marks tapped but not yet submitted, and a
// submission not yet acknowledged by the school (with its Idempotency-Key, so a resend is applied once).
export class RegisterStore {
  constructor(schoolId, classId, session) {
    this.key = `attendance.register:${schoolId}:${classId}:${session}`;
    const saved = JSON.parse(localStorage.getItem(this.key) ?? "null");
    this.sheet = saved?.sheet ?? null;
    this.loadedAt = saved?.loadedAt ?? null;
    this.marks = saved?.marks ?? {};
    this.pending = saved?.pending ?? null;
  }

  save() {
    localStorage.setItem(this.key, JSON.stringify({ sheet: this.sheet, loadedAt: this.loadedAt, marks: this.marks, pending: this.pending }));
  }

  loaded(sheet) {
    this.sheet = sheet;
    this.loadedAt = new Date().toISOString();
    this.save();
  }

  mark(upn, code) {
    this.marks[upn] = code;
    this.save();
  }

  // Freezes the submission: what is resent after a lost connection is exactly this body with this key.
  submit(marks) {
    const key = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    this.pending = { key, marks, at: new Date().toISOString() };
    this.save();
    return this.pending;
  }

  // The school has the register (acknowledged, or submitted from elsewhere): nothing is left to send.
  settled() {
    this.pending = null;
    this.marks = {};
    this.save();
  }

  // The school refused the submission: the marks stay on the device to be corrected.
  refused() {
    this.pending = null;
    this.save();
  }
}
