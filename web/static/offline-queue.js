// The offline queue (issue 13), shared by the school's pages (web/static/offline.js) and the
// service worker (web/static/offline-sw.js, by importScripts): the IndexedDB store, the session
// check, and the one sender of the queue, in the order filled, with the keys fixed when filled.
// Whoever sends holds the Web Lock SENDING (a page or the worker, never two at once) and tells
// the other pages of the origin what changed on the BroadcastChannel CHANNEL, so they redraw.
"use strict";

self.CascadeQueue = (() => {
  const SENDING = "cascade-offline-sending";
  const CHANNEL = "cascade-offline";
  // The records a command acts on: a later command on the same record depends on the earlier one
  // (a withdrawal on its request, a visit held on its planning) and waits while that is refused.
  const RECORDS = ["internship", "visit", "sheet", "partnership", "appointment"];
  const channel = "BroadcastChannel" in self ? new BroadcastChannel(CHANNEL) : null;

  // IndexedDB: one store, the key in the order filled.
  function db() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open("cascade-offline", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }
  async function tx(mode, work) {
    const base = await db();
    try {
      return await new Promise((resolve, reject) => {
        const t = base.transaction("queue", mode);
        const result = work(t.objectStore("queue"));
        t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        t.onerror = () => reject(t.error);
      });
    } finally {
      base.close();
    }
  }
  // Told to the other pages and the worker (the channel) and to this one's own listeners.
  const listeners = new Set();
  function tell(message) {
    if (channel) channel.postMessage(message);
    for (const listener of listeners) listener(message);
  }
  function listen(listener) {
    listeners.add(listener);
    if (channel) channel.addEventListener("message", (event) => listener(event.data || {}));
  }
  const all = () => tx("readonly", (s) => s.getAll());
  async function put(entry) {
    const id = await tx("readwrite", (s) => s.put(entry));
    tell({ type: "changed" });
    return id;
  }
  async function remove(id) {
    await tx("readwrite", (s) => s.delete(id));
    tell({ type: "changed" });
  }
  async function mine(tenant, subject) {
    return (await all()).filter((e) => e.subject === subject && e.tenant === tenant).sort((a, b) => a.id - b.id);
  }
  const waiting = (entry) => entry.state === "queued" || entry.state === "sending";

  function records(entry) {
    return entry.fields.filter((f) => RECORDS.includes(f.name) && f.value).map((f) => `${f.name}=${f.value}`);
  }

  // The session's CSRF token and subject now (a page's may be from before a new sign-in; the
  // worker has none): null when signed out, "other" when the signed-in person is not this school's.
  async function session(tenant, school) {
    const answer = await fetch(`/m/${tenant}/schools/${school}/offline-bundle`, {
      headers: { Accept: "application/json" }, redirect: "manual", cache: "no-cache", credentials: "same-origin",
    });
    if (answer.type === "opaqueredirect" || answer.status === 401 || answer.status === 303) return null;
    if (answer.status === 403 || answer.status === 404) return "other";
    if (!answer.ok) throw new Error(`bundle ${answer.status}`);
    return answer.json();
  }

  async function send(entry, csrf) {
    const body = new URLSearchParams();
    body.set("csrf_token", csrf);
    for (const f of entry.fields) body.append(f.name, f.value);
    entry.state = "sending";
    entry.attempts += 1;
    await put(entry);
    const answer = await fetch(entry.action, {
      method: "POST", body, redirect: "manual", credentials: "same-origin",
      headers: { "X-Cascade-Queue": "1", Accept: "application/json" },
    });
    if (answer.type === "opaqueredirect") return "signed-out";
    if (answer.status === 200 || answer.status === 422) {
      entry.answer = await answer.json();
      entry.state = entry.answer.status;
      await put(entry);
      return entry.state;
    }
    if (answer.status === 403) {
      entry.answer = { status: "refused", refusals: [{ field: "", message: "У вас нет прав на это действие, или форма устарела: откройте её заново." }] };
      entry.state = "refused";
      await put(entry);
      return "refused";
    }
    throw new Error(`command ${answer.status}`);
  }

  // One person's queue, in the order filled; a command waits while one it depends on is refused.
  // `sent.last` is the last accepted answer, kept even when a later command had no answer.
  async function drain(tenant, subject, csrf, sent) {
    const entries = await mine(tenant, subject);
    const refused = new Map();
    for (const entry of entries) {
      if (entry.state === "refused") for (const r of records(entry)) refused.set(r, entry.title);
    }
    for (const entry of entries.filter(waiting)) {
      const on = records(entry).find((r) => refused.has(r));
      if (on || entry.waits_for) {
        entry.waits_for = on ? refused.get(on) : null;
        await put(entry);
        if (on) continue;
      }
      const result = await send(entry, csrf);
      if (result === "refused") for (const r of records(entry)) refused.set(r, entry.title);
      if (result === "signed-out") {
        entry.state = "queued";
        await put(entry);
        return "signed-out";
      }
      if (result === "accepted") sent.last = entry.answer;
    }
    return "sent";
  }

  // No answer (the link dropped, the server restarted): what was "sending" goes back to the
  // queue and is sent again with the same key, so the server writes it once.
  async function requeue(tenant) {
    for (const entry of await all()) {
      if (entry.tenant === tenant && entry.state === "sending") {
        entry.state = "queued";
        await put(entry);
      }
    }
  }

  // Send the queue of whoever is signed in, as one sender (the lock); `who` is the page's person,
  // or null in the worker: then the session says whose queue it is. The outcome is told to all.
  async function sendAs(tenant, who) {
    const pending = (await all()).filter((e) => e.tenant === tenant && waiting(e) && (who === null || e.subject === who));
    if (!pending.length) return { outcome: "nothing", last: null };
    const schools = [...new Set(pending.map((e) => e.school))];
    const result = { outcome: "nothing", last: null };
    try {
      for (const school of schools) {
        const now = await session(tenant, school);
        if (now === "other" && who === null) continue;
        if (now === null || now === "other" || (who !== null && now.subject !== who)) {
          result.outcome = "signed-out";
          break;
        }
        tell({ type: "sending", count: pending.filter((e) => e.subject === now.subject).length });
        result.outcome = await drain(tenant, now.subject, now.csrf, result);
        break;
      }
    } catch (error) {
      await requeue(tenant);
      result.outcome = "failed";
    }
    tell({ type: "done", ...result });
    return result;
  }

  // The lock: the worker waits for a page that is sending (then finds what is left); a page
  // that finds the lock taken leaves it to the holder, who tells it when done.
  function sendQueue(tenant, who, wait) {
    if (!("locks" in navigator)) return sendAs(tenant, who);
    return navigator.locks.request(SENDING, wait ? {} : { ifAvailable: true },
      (lock) => (lock ? sendAs(tenant, who) : { outcome: "busy", last: null }));
  }

  return { CHANNEL, SENDING, all, put, remove, mine, listen, sendQueue };
})();
