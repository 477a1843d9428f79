/* Guildhall's service worker: makes the dashboard installable and gives it an offline shell.
 * It caches only the app's own static files (HTML shell, hashed JS/CSS, icons). It never caches
 * an API response (/api/, /auth/): moderation data is always asked of the server. */
const CACHE = 'guildhall-shell-v1';
const SHELL = ['/offline.html', '/manifest.webmanifest', '/icon.svg'];
const isApi = (url) => url.pathname.startsWith('/api/') || url.pathname.startsWith('/auth/');

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || isApi(url)) return;
  if (req.mode === 'navigate') {
    // Pages: always the network; offline, the offline shell.
    event.respondWith(fetch(req).catch(() => caches.match('/offline.html')));
    return;
  }
  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    // Hashed assets never change: cache first, filled as they are fetched.
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ??
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
  }
});
