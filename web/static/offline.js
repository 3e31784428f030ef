// The school's pages offline (issue 13): registers the service worker, says when the data shown
// was last refreshed, queues the forms submitted without a connection in IndexedDB, shows the
// queue and sends it, in the order filled, when the connection returns (the storage and the
// sender are web/static/offline-queue.js, shared with the service worker, which sends the queue by
// Background Sync when no page is open). Without JavaScript the forms post as usual; online, they
// post as usual too (the queue is for when there is no link).
"use strict";

(() => {
  const root = document.getElementById("offline");
  if (!root) return;
  const TENANT = root.dataset.tenant;
  const SCHOOL = root.dataset.school;
  const SUBJECT = root.dataset.subject;
  const BUNDLE = `/m/${TENANT}/schools/${SCHOOL}/offline-bundle`;
  const WORDS = { queued: "в очереди", sending: "отправляется", accepted: "принято", refused: "отклонено" };
  const Q = self.CascadeQueue;
  // The worker's one-off Background Sync: sends the queue when the link returns, page open or not.
  const SYNC_TAG = "cascade-queue";
  const BACKOFF_MIN = 5000;
  const BACKOFF_MAX = 300000;
  let backoff = BACKOFF_MIN;
  let timer = null;

  const put = Q.put;
  const remove = Q.remove;
  const mine = () => Q.mine(TENANT, SUBJECT);

  function say(text) {
    document.getElementById("offline-line").textContent = text;
  }
  function freshness() {
    const shown = root.dataset.shown;
    say(navigator.onLine ? "" : `Нет связи: данные на ${shown}. Заполненные формы сохраняются в очереди и отправятся, когда связь появится.`);
  }

  function value(entry, name) {
    const field = entry.fields.find((f) => f.name === name);
    return field ? field.value : "";
  }
  function isoToday() {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  }
  function shownDate(iso) {
    const [y, m, d] = iso.split("-");
    return `${d}.${m}.${y}`;
  }
  // The deadline rule as the form stated it (the server stays the judge): a warning when the
  // queued command may be too late.
  function warning(entry) {
    if (entry.state !== "queued" && entry.state !== "sending") return "";
    if (entry.deadline && isoToday() > entry.deadline) {
      return `Срок может быть пропущен: последний день — ${shownDate(entry.deadline)}. Решение примет сервер при отправке.`;
    }
    if (entry.command === "request_internship" && value(entry, "start")) {
      const start = new Date(`${value(entry, "start")}T00:00:00`);
      const limit = new Date(start.getTime() - 7 * 86400000);
      const iso = `${limit.getFullYear()}-${String(limit.getMonth() + 1).padStart(2, "0")}-${String(limit.getDate()).padStart(2, "0")}`;
      if (isoToday() > iso) {
        return `Заявку подают не позднее чем за 7 дней до начала (003 п. 2.3.2), то есть до ${shownDate(iso)}: она может быть отклонена.`;
      }
    }
    return "";
  }

  function newKey() {
    return "web-" + crypto.randomUUID();
  }
  function newRecordKey(prefix) {
    const now = new Date();
    const day = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, "0")}${String(now.getDate()).padStart(2, "0")}`;
    const bytes = crypto.getRandomValues(new Uint8Array(3));
    return `${prefix}-${day}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  }

  function labelOf(form, name) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input || !input.id) return name;
    const label = form.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    return label ? label.textContent.replace(/\s*\(необязательно\)\s*$/, "").trim() : name;
  }

  // A form submitted without a connection: its body and a key fixed now, bound to this person.
  async function enqueue(form) {
    for (const input of form.querySelectorAll("input[data-new-key]")) {
      input.value = newRecordKey(input.dataset.newKey);
    }
    const data = new FormData(form);
    data.set("idempotency_key", newKey());
    const fields = [];
    for (const [name, value] of data.entries()) {
      if (name !== "csrf_token") fields.push({ name, value: String(value), label: labelOf(form, name) });
    }
    const rule = document.getElementById("deadline-rule");
    await put({
      deadline: rule ? rule.dataset.deadline : null,
      subject: SUBJECT, tenant: TENANT, school: SCHOOL, action: form.getAttribute("action"),
      command: form.dataset.queue, title: form.dataset.title, fields, state: "queued",
      filled_at: new Date().toISOString(), attempts: 0, answer: null,
    });
    form.reset();
    say("Нет связи: форма сохранена в очереди и отправится, когда связь появится.");
    await render();
    await backgroundSync();
  }

  // Where the browser has Background Sync, the worker sends the queue when the link returns,
  // even with no page open; without it, an open page does (focus, load, a timer with backoff).
  async function backgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    try {
      const registration = await navigator.serviceWorker.ready;
      if ("sync" in registration) await registration.sync.register(SYNC_TAG);
    } catch (error) {
      // Refused (e.g. the permission withheld): the page's own triggers still send it.
    }
  }

  function item(entry) {
    const li = document.createElement("li");
    li.className = `offline__item offline__item--${entry.state}`;
    li.dataset.state = entry.state;
    const head = document.createElement("p");
    const title = document.createElement("strong");
    title.textContent = entry.title;
    const filled = new Date(entry.filled_at);
    const when = `${String(filled.getHours()).padStart(2, "0")}:${String(filled.getMinutes()).padStart(2, "0")} ` +
      `${String(filled.getDate()).padStart(2, "0")}.${String(filled.getMonth() + 1).padStart(2, "0")}`;
    const state = document.createElement("span");
    state.className = `tag offline__state offline__state--${entry.state}`;
    state.textContent = WORDS[entry.state];
    head.append(title, ` — заполнено ${when}: `, state);
    li.append(head);
    const warn = warning(entry);
    if (warn) {
      const p = document.createElement("p");
      p.className = "offline__warning";
      p.textContent = warn;
      li.append(p);
    }
    if (entry.waits_for) {
      const p = document.createElement("p");
      p.className = "offline__waits";
      p.textContent = `Не отправляется, пока не исправлена или не удалена отклонённая запись «${entry.waits_for}», от которой она зависит.`;
      li.append(p);
    }
    if (entry.state === "accepted" && entry.answer) {
      const p = document.createElement("p");
      p.textContent = `Записано, позиция в журнале ${entry.answer.position}.`;
      li.append(p);
    }
    if (entry.state === "refused" && entry.answer) {
      li.append(correction(entry));
    }
    if (entry.state !== "sending") {
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--secondary";
      discard.textContent = entry.state === "accepted" ? "Убрать из списка" : "Удалить";
      discard.addEventListener("click", async () => { await remove(entry.id); await render(); });
      li.append(discard);
    }
    return li;
  }

  // A refusal: the Russian reason at each field, that field to correct, and «Исправить и отправить».
  function correction(entry) {
    const box = document.createElement("form");
    box.className = "offline__fix";
    box.noValidate = true;
    const refusals = entry.answer.refusals;
    for (const refusal of refusals.filter((r) => !entry.fields.some((f) => f.name === r.field && f.label !== f.name))) {
      const reason = document.createElement("p");
      reason.className = "field__error";
      reason.textContent = refusal.message;
      box.append(reason);
    }
    // Every field the person filled, the refused ones first with their reason.
    const shown = entry.fields.filter((f) => f.label !== f.name);
    shown.sort((a, b) => refusals.some((r) => r.field === b.name) - refusals.some((r) => r.field === a.name));
    for (const [index, field] of shown.entries()) {
      const refusal = refusals.find((r) => r.field === field.name);
      const id = `fix-${entry.id}-${index}`;
      const label = document.createElement("label");
      label.className = "label";
      label.htmlFor = id;
      label.textContent = field.label;
      const input = document.createElement("input");
      input.className = "input";
      input.id = id;
      input.name = field.name;
      input.value = field.value;
      if (/^\d{4}-\d{2}-\d{2}$/.test(field.value)) input.type = "date";
      box.append(label);
      if (refusal) {
        const reason = document.createElement("p");
        reason.className = "field__error";
        reason.id = `${id}-error`;
        reason.textContent = refusal.message;
        input.setAttribute("aria-describedby", reason.id);
        input.setAttribute("aria-invalid", "true");
        box.append(reason);
      }
      box.append(input);
    }
    const resend = document.createElement("button");
    resend.type = "submit";
    resend.className = "button";
    resend.textContent = "Исправить и отправить";
    box.append(resend);
    box.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const input of box.querySelectorAll("input")) {
        const field = entry.fields.find((f) => f.name === input.name);
        if (field) field.value = input.value;
      }
      // A corrected body is another request: another key (the old one stays the refused one's).
      entry.fields.find((f) => f.name === "idempotency_key").value = newKey();
      Object.assign(entry, { state: "queued", answer: null, attempts: 0 });
      await put(entry);
      await render();
      sync();
    });
    return box;
  }

  async function render() {
    const entries = await mine();
    const list = document.getElementById("offline-list");
    list.replaceChildren(...entries.map(item));
    document.getElementById("offline-queue").hidden = entries.length === 0;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(sync, backoff);
    backoff = Math.min(backoff * 2, BACKOFF_MAX);
  }

  // Sends through the shared sender; while another sender (the worker, another tab) holds the
  // lock, this page leaves it to that one. Whoever sent tells (Q.listen below) how it went.
  async function sync() {
    if (!navigator.onLine) return;
    if (!(await mine()).some((e) => e.state === "queued" || e.state === "sending")) return;
    const result = await Q.sendQueue(TENANT, SUBJECT, false);
    // This page's own try had no answer: the worker is asked to send it when the link returns,
    // should the page be closed by then (a failure the worker reports is retried by the browser).
    if (result.outcome === "failed") await backgroundSync();
  }

  // A failed send opens nothing: the server may be down (a page opened then is the browser's
  // error page, and the queue's page is gone); the accepted ones are in the list meanwhile, and
  // the send that reaches the end of the queue opens the last of them.
  async function finished(result) {
    await render();
    if (result.outcome === "nothing") return;
    if (result.outcome === "signed-out") {
      say("Войдите снова: очередь сохранена и отправится после входа.");
    } else if (result.outcome === "failed") {
      say("Связь неустойчива: очередь отправится при следующей попытке.");
      later();
      return;
    } else {
      backoff = BACKOFF_MIN;
      say(result.last ? "Очередь отправлена." : "");
    }
    if (result.last) refresh(result.last);
  }

  // Show what was written: the page again, waiting for its views to have read that far.
  function refresh(answer) {
    const onForm = /\/forms\/|\/reports\/new$/.test(location.pathname);
    const target = new URL(onForm ? answer.next : location.pathname, location.origin);
    target.searchParams.set("position", answer.position);
    location.assign(target.toString());
  }

  // Pages linked from this one are fetched once online, so the worker keeps them for offline.
  function keepLinked() {
    const prefix = `/m/${TENANT}/`;
    const seen = new Set();
    for (const a of document.querySelectorAll("a[href]")) {
      const url = new URL(a.href, location.origin);
      if (url.origin !== location.origin || !url.pathname.startsWith(prefix) || /download|documents|calendar/.test(url.pathname)) continue;
      if (seen.size >= 40 || seen.has(url.toString())) continue;
      seen.add(url.toString());
      fetch(url, { credentials: "same-origin" }).catch(() => {});
    }
    fetch(BUNDLE, { credentials: "same-origin" }).catch(() => {});
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (navigator.onLine || !(form instanceof HTMLFormElement) || !form.dataset.queue) return;
    event.preventDefault();
    enqueue(form);
  });
  // Signing out with records not sent: asked first; confirmed, this person's queue is cleared.
  const signOut = document.querySelector(".site-header__signout");
  if (signOut) {
    signOut.addEventListener("submit", (event) => {
      event.preventDefault();
      mine().then(async (entries) => {
        const pending = entries.filter((e) => e.state !== "accepted");
        if (pending.length && !window.confirm(`В очереди ${pending.length} неотправленных записей. Выйти и удалить их?`)) return;
        for (const entry of entries) await remove(entry.id);
        // The pages kept for offline are this person's: not left for the next one on this device.
        if ("caches" in window) for (const name of await caches.keys()) await caches.delete(name);
        signOut.submit();
      }, () => signOut.submit());
    });
  }
  // What a sender did (this page, the worker's Background Sync, another tab): drawn here.
  Q.listen((message) => {
    if (message.type === "changed") render();
    if (message.type === "sending") say(`Отправляется очередь: ${message.count}.`);
    if (message.type === "done") finished(message);
  });
  window.addEventListener("online", () => { freshness(); backoff = BACKOFF_MIN; sync(); });
  window.addEventListener("offline", freshness);
  window.addEventListener("focus", sync);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) sync(); });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(`/m/${TENANT}/sw.js`, { scope: `/m/${TENANT}/` })
      .then(() => navigator.serviceWorker.ready)
      .then(() => { if (navigator.onLine) keepLinked(); })
      .catch(() => {});
  }
  freshness();
  render().then(sync);
})();
