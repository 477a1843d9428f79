/**
 * The read-only viewer at `/`: the sandbox guild as a person sees Discord (channels and their
 * messages, member list, bans, audit log), refreshed live from /_sandbox/events.
 * Plain HTML + script, no build step; all text is inserted with textContent (no HTML injection).
 */
export const viewerHtml = (): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Discord sandbox — viewer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
*{box-sizing:border-box} body{margin:0;font:14px system-ui,sans-serif;background:#313338;color:#dbdee1;height:100vh;display:flex;flex-direction:column}
header{background:#1e1f22;padding:8px 14px;display:flex;gap:12px;align-items:center} header b{color:#f2f3f5}
header select{background:#2b2d31;color:#dbdee1;border:0;padding:4px;border-radius:4px} .badge{background:#5865f2;color:#fff;border-radius:8px;padding:1px 8px;font-size:12px}
#app{flex:1;display:grid;grid-template-columns:220px 1fr 260px;min-height:0}
nav,aside{background:#2b2d31;overflow:auto;padding:8px} main{overflow:auto;padding:8px 16px;display:flex;flex-direction:column}
.cat{color:#949ba4;font-size:11px;text-transform:uppercase;margin:12px 4px 4px} .chan{padding:4px 8px;border-radius:4px;cursor:pointer;color:#949ba4}
.chan.sel,.chan:hover{background:#404249;color:#f2f3f5} .msg{padding:4px 0;display:flex;gap:8px} .msg .who{font-weight:600;color:#f2f3f5}
.msg time,.muted{color:#949ba4;font-size:11px} .sys{color:#949ba4;font-style:italic} .embed{border-left:4px solid #5865f2;background:#2b2d31;padding:6px 10px;margin-top:4px;border-radius:4px}
.member{display:flex;align-items:center;gap:6px;padding:2px 4px} .dot{width:8px;height:8px;border-radius:50%;background:#80848e;flex:none}
.online{background:#23a55a}.idle{background:#f0b232}.dnd{background:#f23f43} .timeout{color:#f23f43;font-size:11px}
.tabs{display:flex;gap:6px;margin-bottom:8px} .tabs button{background:#383a40;color:#dbdee1;border:0;border-radius:4px;padding:4px 8px;cursor:pointer} .tabs button.sel{background:#5865f2}
.entry{border-bottom:1px solid #3f4147;padding:4px 0;font-size:12px} h3{font-size:12px;color:#949ba4;text-transform:uppercase;margin:10px 4px 4px}
</style></head><body>
<header><b>Discord sandbox</b><select id="guild"></select><span class="muted" id="info"></span><span class="badge" id="live">live</span></header>
<div id="app"><nav id="channels"></nav><main id="messages"></main>
<aside><div class="tabs"><button data-tab="members" class="sel">Members</button><button data-tab="bans">Bans</button><button data-tab="audit">Audit log</button></div><div id="side"></div></aside></div>
<script>
const AUDIT = {1:'guild update',10:'channel create',11:'channel update',12:'channel delete',20:'kick',22:'ban',23:'unban',24:'member update',25:'member roles',28:'bot add',30:'role create',31:'role update',32:'role delete',72:'message delete',73:'bulk delete'};
let state = null, guildId = null, channelId = null, tab = 'members';
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const userName = (u) => u ? (u.global_name || u.username) : 'unknown';
async function load() {
  const q = guildId ? '?messages=100&guild_id=' + guildId : '?messages=100';
  const res = await fetch('/_sandbox/state' + q);
  const data = await res.json();
  if (!guildId) {
    const sel = document.getElementById('guild'); sel.replaceChildren();
    for (const g of data.guilds) sel.append(Object.assign(el('option', '', g.name), { value: g.id }));
    guildId = data.guilds[0] && data.guilds[0].id;
    return load();
  }
  state = data.guilds.find((g) => g.id === guildId);
  render();
}
function render() {
  if (!state) return;
  document.getElementById('info').textContent = state.member_count + ' members · ' + state.bans.length + ' bans';
  const nav = document.getElementById('channels'); nav.replaceChildren();
  const byParent = {}; for (const c of state.channels) (byParent[c.parent_id || ''] ||= []).push(c);
  const cats = state.channels.filter((c) => c.type === 4).sort((a, b) => a.position - b.position);
  const texts = (pid) => (byParent[pid] || []).filter((c) => c.type === 0 || c.type === 5 || c.type === 2).sort((a, b) => a.position - b.position);
  if (!channelId) { const first = state.channels.find((c) => c.name === 'general') || state.channels.find((c) => c.type === 0); channelId = first && first.id; }
  const addChan = (c) => { const d = el('div', 'chan' + (c.id === channelId ? ' sel' : ''), (c.type === 2 ? '🔊 ' : '# ') + c.name); d.onclick = () => { channelId = c.id; render(); }; nav.append(d); };
  texts('').forEach(addChan);
  for (const cat of cats) { nav.append(el('div', 'cat', cat.name)); texts(cat.id).forEach(addChan); }
  const main = document.getElementById('messages'); main.replaceChildren();
  const members = Object.fromEntries(state.members.map((m) => [m.user.id, m]));
  for (const m of state.messages.filter((x) => x.channel_id === channelId)) {
    const row = el('div', 'msg'); const body = el('div');
    const who = el('span', 'who', (members[m.author.id] && members[m.author.id].nick) || userName(m.author));
    body.append(who, el('time', '', ' ' + new Date(m.timestamp).toLocaleString() + (m.edited_timestamp ? ' (edited)' : '')));
    if (m.type === 7) body.append(el('div', 'sys', '→ joined the server'));
    if (m.content) body.append(el('div', '', m.content));
    for (const e of m.embeds || []) { const box = el('div', 'embed'); if (e.title) box.append(el('b', '', e.title)); if (e.description) box.append(el('div', '', e.description)); for (const f of e.fields || []) box.append(el('div', '', f.name + ': ' + f.value)); body.append(box); }
    if ((m.flags & 128) !== 0) body.append(el('div', 'sys', 'Guildhall is thinking…'));
    row.append(body); main.append(row);
  }
  main.scrollTop = main.scrollHeight;
  const side = document.getElementById('side'); side.replaceChildren();
  if (tab === 'members') {
    const pres = Object.fromEntries(state.presences.map((p) => [p.user.id, p.status]));
    const roles = state.roles.filter((r) => r.hoist).sort((a, b) => b.position - a.position);
    const placed = new Set();
    const group = (title, list) => { if (!list.length) return; side.append(el('h3', '', title + ' — ' + list.length)); for (const m of list.slice(0, 150)) { placed.add(m.user.id); const r = el('div', 'member'); r.append(el('span', 'dot ' + (pres[m.user.id] || '')), el('span', '', m.nick || userName(m.user))); if (m.communication_disabled_until && Date.parse(m.communication_disabled_until) > Date.now()) r.append(el('span', 'timeout', 'timed out')); side.append(r); } };
    for (const r of roles) group(r.name, state.members.filter((m) => !placed.has(m.user.id) && m.roles.includes(r.id) && pres[m.user.id]));
    group('Online', state.members.filter((m) => !placed.has(m.user.id) && pres[m.user.id]));
    group('Offline', state.members.filter((m) => !placed.has(m.user.id)));
  } else if (tab === 'bans') {
    if (!state.bans.length) side.append(el('div', 'muted', 'No bans'));
    for (const b of state.bans) { const d = el('div', 'entry'); d.append(el('b', '', userName(b.user)), el('div', 'muted', b.reason || 'no reason')); side.append(d); }
  } else {
    const users = {}; for (const m of state.members) users[m.user.id] = m.user; for (const b of state.bans) users[b.user.id] = b.user;
    for (const e of [...state.audit_log_entries].reverse().slice(0, 200)) {
      const d = el('div', 'entry');
      d.append(el('b', '', (AUDIT[e.action_type] || 'action ' + e.action_type)), el('span', '', ' by ' + userName(users[e.user_id]) + (users[e.target_id] ? ' → ' + userName(users[e.target_id]) : '')));
      if (e.reason) d.append(el('div', 'muted', 'reason: ' + e.reason));
      side.append(d);
    }
  }
}
document.getElementById('guild').onchange = (e) => { guildId = e.target.value; channelId = null; load(); };
for (const b of document.querySelectorAll('.tabs button')) b.onclick = () => { tab = b.dataset.tab; for (const x of document.querySelectorAll('.tabs button')) x.classList.toggle('sel', x === b); render(); };
let pending = null;
const events = new EventSource('/_sandbox/events');
events.addEventListener('dispatch', () => { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 400); });
events.onerror = () => { document.getElementById('live').textContent = 'reconnecting'; };
events.onopen = () => { document.getElementById('live').textContent = 'live'; };
load();
</script></body></html>`;
