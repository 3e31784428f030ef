// Cascade's service worker (issue 13): the school's pages, the static assets and the school's
// offline bundle open without a connection once they were opened online. Served as
// /m/<tenant>/sw.js, so its scope is that municipality's pages. Hand-written, no framework.
"use strict";

// The queue's storage and its one sender, shared with the pages (self.CascadeQueue).
importScripts("/static/offline-queue.js");

const CACHE = "cascade-offline-v2";
const ASSETS = ["/static/cascade.css", "/static/print.css", "/static/offline.js", "/static/offline-queue.js",
  "/static/icon.svg"];
// The one-off Background Sync a page registers when it queues a form offline.
const SYNC_TAG = "cascade-queue";
// The municipality whose pages this worker serves: its scope is /m/<tenant>/.
const TENANT = new URL(self.registration.scope).pathname.split("/")[2];
// One-time parameters of a page's address (the position to wait for, what was just done): the
// page is cached and found without them.
const ONCE = ["position", "done"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function keyOf(request) {
  const url = new URL(request.url);
  for (const name of ONCE) url.searchParams.delete(name);
  return url.toString();
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request);
  try {
    const answer = await fetch(request);
    // A redirect (to the sign-in page: the session ended) is not the page asked for.
    if (answer.ok && !answer.redirected) await cache.put(key, answer.clone());
    return answer;
  } catch (error) {
    const kept = (await cache.match(key)) || (await cache.match(key, { ignoreSearch: true }));
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) {
    // Refreshed in the background, for the next time.
    fetch(request).then((answer) => answer.ok && cache.put(request, answer)).catch(() => {});
    return kept;
  }
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith(new URL(self.registration.scope).pathname)) {
    // The pages and the offline-bundle: fresh when online, the last copy when not.
    event.respondWith(networkFirst(request));
  }
});

// Background Sync: the connection is back (the page may be closed). The queue of whoever is
// signed in is sent, in the order filled, with the keys fixed when filled, holding the same lock
// as the pages (so never two senders at once); the open pages are told and draw it again. With
// no answer the sync fails, so the browser tries again later (unless this was its last chance;
// a page opened then sends it).
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(self.CascadeQueue.sendQueue(TENANT, null, true).then((result) => {
    if (result.outcome === "failed" && !event.lastChance) throw new Error("no connection: the browser tries again later");
  }));
});
