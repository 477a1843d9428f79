/* Before the first paint: the remembered theme, so a dark-mode user never sees a white flash.
   A file of its own, not inline: the API's CSP allows no inline script. */
try {
  var t = JSON.parse(localStorage.getItem('guildhall.last-theme') || 'null');
  var dark = t === 'dark' || (t !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
} catch (e) {}
