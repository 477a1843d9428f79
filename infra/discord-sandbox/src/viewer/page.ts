/**
 * The viewer at `/`: the sandbox guild as a person sees Discord (channels and their messages,
 * member list, bans, audit log), refreshed live from /_sandbox/events — and a small Discord
 * client: "Act as" any member to post messages, run the bot's slash and context-menu commands,
 * click its buttons and fill in its modals, all through the control API (/_sandbox/act/message,
 * /_sandbox/interactions). Replies the bot makes only to that member (ephemeral) are shown only
 * while acting as them, as Discord does.
 * Plain HTML + script, no build step; all text is inserted with textContent (no HTML injection).
 */
export const viewerHtml = (): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Discord sandbox — viewer</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
*{box-sizing:border-box} body{margin:0;font:14px system-ui,sans-serif;background:#313338;color:#dbdee1;height:100vh;display:flex;flex-direction:column}
header{background:#1e1f22;padding:8px 14px;display:flex;gap:12px;align-items:center} header b{color:#f2f3f5}
select,input,textarea{background:#2b2d31;color:#dbdee1;border:1px solid #1e1f22;padding:4px;border-radius:4px;font:inherit} .badge{background:#4752c4;color:#fff;border-radius:8px;padding:1px 8px;font-size:12px}
button{font:inherit} :focus-visible{outline:2px solid #00a8fc;outline-offset:1px}
#app{flex:1;display:grid;grid-template-columns:220px 1fr 260px;min-height:0}
nav,aside{background:#2b2d31;overflow:auto;padding:8px} #center{display:flex;flex-direction:column;min-height:0} main{flex:1;overflow:auto;padding:8px 16px}
.cat{color:#949ba4;font-size:11px;text-transform:uppercase;margin:12px 4px 4px} .chan{display:block;width:100%;text-align:left;background:none;border:0;padding:4px 8px;border-radius:4px;cursor:pointer;color:#949ba4}
.chan.sel,.chan:hover{background:#404249;color:#f2f3f5} .msg{padding:4px 0;display:flex;gap:8px;justify-content:space-between} .msg .who{font-weight:600;color:#f2f3f5}
.msg time,.muted{color:#949ba4;font-size:11px} .sys{color:#949ba4;font-style:italic} .embed{border-left:4px solid #5865f2;background:#2b2d31;padding:6px 10px;margin-top:4px;border-radius:4px}
.member{display:flex;align-items:center;gap:6px;padding:2px 4px} .dot{width:8px;height:8px;border-radius:50%;background:#80848e;flex:none}
.online{background:#23a55a}.idle{background:#f0b232}.dnd{background:#f23f43} .timeout{color:#f23f43;font-size:11px}
.tabs{display:flex;gap:6px;margin-bottom:8px} .tabs button{background:#383a40;color:#dbdee1;border:0;border-radius:4px;padding:4px 8px;cursor:pointer} .tabs button.sel{background:#4752c4;color:#fff}
.entry{border-bottom:1px solid #3f4147;padding:4px 0;font-size:12px} h3{font-size:12px;color:#949ba4;text-transform:uppercase;margin:10px 4px 4px}
.row{display:flex;gap:6px;flex-wrap:wrap;margin-top:4px} .btn{background:#4e5058;color:#fff;border:0;border-radius:4px;padding:4px 12px;cursor:pointer} .btn.s1{background:#4752c4}.btn.s3{background:#1f6e3c}.btn.s4{background:#a12d2f} .btn:disabled{opacity:.5;cursor:default}
.apps{position:relative;flex:none;align-self:flex-start;font-size:11px} .member .apps{margin-left:auto} .apps summary{cursor:pointer;color:#b5bac1;padding:1px 6px;border-radius:4px;list-style:none} .apps summary:hover{background:#404249}
.apps .menu{position:absolute;right:0;z-index:2;background:#111214;padding:6px;border-radius:6px;display:flex;flex-direction:column;gap:4px;min-width:150px}
#yours .msg{background:#2b2d31;border-left:3px solid #949ba4;padding:6px 10px;margin:4px 16px;border-radius:4px;display:block}
#act{background:#2b2d31;padding:8px 16px;display:flex;flex-direction:column;gap:6px} #act form{display:flex;gap:6px;flex-wrap:wrap;align-items:center} #content{flex:1;min-width:200px}
#options label,#modal-fields label{display:flex;flex-direction:column;font-size:11px;color:#b5bac1;gap:2px} #status{min-height:1em;font-size:12px} .error{color:#f23f43}
dialog{background:#313338;color:#dbdee1;border:0;border-radius:8px;padding:16px;min-width:340px} dialog::backdrop{background:#000a} #modal-fields{display:flex;flex-direction:column;gap:10px;margin:10px 0}
</style></head><body>
<header><b>Discord sandbox</b><select id="guild" aria-label="Guild"></select><label>Act as <select id="actor"></select></label><span class="muted" id="info"></span><span class="badge" id="live">live</span></header>
<div id="app"><nav id="channels" aria-label="Channels"></nav>
<div id="center"><main id="messages" aria-live="polite"></main>
<section id="yours" aria-label="Only you can see this"></section>
<section id="act" aria-label="Act in this channel">
<form id="composer"><label for="content" id="content-label">Message</label><input id="content" autocomplete="off" maxlength="2000" required><button class="btn s1" type="submit">Send</button></form>
<form id="slash"><label for="command">Command</label><select id="command"></select><span id="options" class="row"></span><button class="btn s1" type="submit" id="run">Run</button></form>
<div id="status" role="status"></div></section></div>
<aside><div class="tabs"><button data-tab="members" class="sel">Members</button><button data-tab="bans">Bans</button><button data-tab="audit">Audit log</button></div><div id="side"></div></aside></div>
<dialog id="modal" aria-labelledby="modal-title"><form id="modal-form"><b id="modal-title"></b><div id="modal-fields"></div><div class="row"><button class="btn s1" type="submit">Submit</button><button class="btn" type="button" id="modal-cancel">Cancel</button></div></form></dialog>
<script>
const AUDIT = {1:'guild update',10:'channel create',11:'channel update',12:'channel delete',20:'kick',22:'ban',23:'unban',24:'member update',25:'member roles',28:'bot add',30:'role create',31:'role update',32:'role delete',72:'message delete',73:'bulk delete'};
const OPTION_TYPES = {3:'text',4:'integer',5:'true/false',6:'user',7:'channel',8:'role',9:'user or role',10:'number',11:'attachment'};
let state = null, guildId = null, channelId = null, tab = 'members', actor = null, commands = [], people = null, variants = [], openApps = null;
/** Interactions started from this page: { id, userId, guildId, channelId, messageId, at, view, modalShown }. */
const tracked = [];
const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const userName = (u) => u ? (u.global_name || u.username) : 'unknown';
const memberName = (id) => { const m = state && state.members.find((x) => x.user.id === id); return m ? (m.nick || userName(m.user)) : id; };
const say = (text, bad) => { const s = $('status'); s.textContent = text; s.className = bad ? 'error' : 'muted'; };
const getJson = async (path) => (await fetch(path)).json();
/** POST to the control API; a refusal (Discord's error JSON) is shown in the status line. */
async function control(path, body) {
  const res = await fetch('/_sandbox' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let data = null; try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) { say('Refused: ' + ((data && data.message) || 'HTTP ' + res.status), true); throw new Error('refused'); }
  return data;
}
// label names the interaction to the person (a modal submit would show the app's custom_id).
async function interact(body, messageId, label) {
  const r = await control('/interactions', { guildId, userId: actor, ...body });
  tracked.push({ id: r.id, userId: actor, guildId, channelId: body.channelId, messageId, label, at: Date.now(), view: null, modalShown: false });
  say('Sent as ' + memberName(actor) + ', waiting for the bot…');
  pollSoon();
}
async function load() {
  const q = guildId ? '?messages=100&guild_id=' + guildId : '?messages=100';
  const data = await getJson('/_sandbox/state' + q);
  if (!guildId) {
    const sel = $('guild'); sel.replaceChildren();
    for (const g of data.guilds) sel.append(Object.assign(el('option', '', g.name), { value: g.id }));
    guildId = data.guilds[0] && data.guilds[0].id;
    return load();
  }
  state = data.guilds.find((g) => g.id === guildId);
  [commands, people] = await Promise.all([getJson('/_sandbox/guilds/' + guildId + '/commands'), getJson('/_sandbox/guilds/' + guildId + '/people')]);
  render();
}
function renderActor() {
  const sel = $('actor'); const key = JSON.stringify(people) + state.members.map((m) => m.nick || '').join();
  if (sel.dataset.key === key) return;
  sel.dataset.key = key; sel.replaceChildren();
  const group = (label, ids) => { if (!ids.length) return; const g = el('optgroup'); g.label = label; for (const id of ids) g.append(Object.assign(el('option', '', memberName(id)), { value: id })); sel.append(g); };
  group('Owner', [people.owner]); group('Admins', people.admins); group('Moderators', people.moderators); group('Members', people.members);
  const all = [people.owner, ...people.admins, ...people.moderators, ...people.members];
  if (!all.includes(actor)) actor = people.owner;
  sel.value = actor;
}
/** Every runnable form of the slash commands: "/case view" for a subcommand, with its own options. */
function slashVariants() {
  const out = [];
  for (const c of commands.filter((x) => (x.type || 1) === 1)) {
    const subs = (c.options || []).filter((o) => o.type === 1 || o.type === 2);
    if (!subs.length) { out.push({ label: '/' + c.name, command: c.name, path: [], options: c.options || [] }); continue; }
    for (const s of subs) {
      if (s.type === 1) out.push({ label: '/' + c.name + ' ' + s.name, command: c.name, path: [s.name], options: s.options || [] });
      else for (const t of s.options || []) out.push({ label: '/' + c.name + ' ' + s.name + ' ' + t.name, command: c.name, path: [s.name, t.name], options: t.options || [] });
    }
  }
  return out;
}
function renderSlash() {
  const next = slashVariants(); const sel = $('command');
  if (JSON.stringify(next) === JSON.stringify(variants)) return;
  const before = sel.value; variants = next; sel.replaceChildren();
  if (!variants.length) sel.append(Object.assign(el('option', '', 'no commands registered'), { value: '' }));
  variants.forEach((v, i) => sel.append(Object.assign(el('option', '', v.label), { value: String(i) })));
  if (before && variants[Number(before)]) sel.value = before;
  $('run').disabled = !variants.length;
  renderOptions();
}
/** A select whose first entry is empty: a required one must be chosen on purpose (no accidental /ban of the first member). */
function choiceSelect(items, required) {
  const s = el('select'); s.append(Object.assign(el('option', '', required ? 'choose…' : '—'), { value: '' }));
  for (const [value, label] of items) s.append(Object.assign(el('option', '', label), { value }));
  return s;
}
function renderOptions() {
  const box = $('options'); box.replaceChildren();
  const v = variants[Number($('command').value)]; if (!v) return;
  for (const o of v.options) {
    const label = el('label', '', o.name + (o.required ? ' *' : '') + ' (' + (OPTION_TYPES[o.type] || 'type ' + o.type) + ')');
    let input;
    if (o.choices && o.choices.length) input = choiceSelect(o.choices.map((c) => [String(c.value), c.name]), o.required);
    else if (o.type === 5) input = choiceSelect([['true', 'true'], ['false', 'false']], o.required);
    else if (o.type === 6 || o.type === 9) input = choiceSelect(state.members.map((m) => [m.user.id, m.nick || userName(m.user)]), o.required);
    else if (o.type === 7) input = choiceSelect(state.channels.filter((c) => c.type !== 4).map((c) => [c.id, '#' + c.name]), o.required);
    else if (o.type === 8) input = choiceSelect(state.roles.map((r) => [r.id, r.name]), o.required);
    else { input = el('input'); input.type = o.type === 4 || o.type === 10 ? 'number' : 'text'; if (o.type === 4) input.step = '1'; if (o.max_length) input.maxLength = o.max_length; if (o.type === 11) { input.disabled = true; input.placeholder = 'attachments are not supported here'; } }
    input.dataset.name = o.name; input.dataset.type = String(o.type); input.required = !!o.required;
    if (o.description) input.title = o.description;
    label.append(input); box.append(label);
  }
}
function slashOptions(v) {
  let opts = [];
  for (const input of $('options').querySelectorAll('[data-name]')) {
    if (input.value === '' || input.disabled) continue;
    const type = Number(input.dataset.type);
    const value = type === 4 ? parseInt(input.value, 10) : type === 10 ? Number(input.value) : type === 5 ? input.value === 'true' : input.value;
    opts.push({ name: input.dataset.name, value });
  }
  for (const name of [...v.path].reverse()) opts = [{ name, options: opts }];
  return opts;
}
/**
 * The "Apps" menu of a message (type 3) or a member (type 2): the registered context-menu commands
 * as buttons in a disclosure (keyboard: Enter opens it, Tab reaches the entries). Its open state and
 * focus survive the live re-render (keys in data-key).
 */
function appsMenu(type, label, key, run) {
  const list = commands.filter((c) => c.type === type); if (!list.length) return null;
  const d = el('details', 'apps'); d.open = openApps === key;
  const s = el('summary', '', 'Apps'); s.setAttribute('aria-label', label); s.dataset.key = 'apps:' + key; d.append(s);
  d.ontoggle = () => { if (d.open) openApps = key; else if (openApps === key) openApps = null; };
  const box = el('div', 'menu');
  for (const c of list) { const b = el('button', 'btn', c.name); b.type = 'button'; b.dataset.key = 'app:' + key + ':' + c.name; b.onclick = () => { openApps = null; d.open = false; run(c.name).catch(() => undefined); }; box.append(b); }
  d.append(box);
  return d;
}
function renderMessageBody(body, m, ephemeralOf) {
  if (m.content) body.append(el('div', '', m.content));
  for (const e of m.embeds || []) { const box = el('div', 'embed'); if (e.title) box.append(el('b', '', e.title)); if (e.description) box.append(el('div', '', e.description)); for (const f of e.fields || []) box.append(el('div', '', f.name + ': ' + f.value)); body.append(box); }
  for (const row of m.components || []) {
    const r = el('div', 'row');
    for (const c of row.components || []) {
      if (c.type === 2 && c.style === 5) { const a = el('a', 'btn', c.label || 'link'); if (/^https?:/.test(c.url || '')) a.href = c.url; a.target = '_blank'; a.rel = 'noopener'; r.append(a); }
      else if (c.type === 2) {
        const b = el('button', 'btn s' + c.style, ((c.emoji && c.emoji.name) ? c.emoji.name + ' ' : '') + (c.label || ''));
        b.type = 'button'; b.disabled = !!c.disabled; b.dataset.key = 'btn:' + m.id + ':' + c.custom_id;
        b.onclick = () => interact({ type: 'component', channelId: m.channel_id, messageId: m.id, customId: c.custom_id, componentType: 2 }, ephemeralOf ? undefined : m.id).catch(() => undefined);
        r.append(b);
      } else if (c.type === 3) {
        // Chosen with its own button: a select fires change on every arrow key, too eager for a command.
        const s = choiceSelect((c.options || []).map((o) => [o.value, o.label]), true); s.setAttribute('aria-label', c.placeholder || 'Choose'); s.disabled = !!c.disabled;
        const b = el('button', 'btn s1', 'Choose'); b.type = 'button'; b.disabled = !!c.disabled;
        b.onclick = () => { if (s.value) interact({ type: 'component', channelId: m.channel_id, messageId: m.id, customId: c.custom_id, componentType: 3, values: [s.value] }, ephemeralOf ? undefined : m.id).catch(() => undefined); };
        r.append(s, b);
      }
    }
    body.append(r);
  }
}
/** Re-renders everything and gives focus back to the same control (the live reload rebuilds the lists). */
function render() {
  if (!state) return;
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : undefined;
  draw();
  if (focusKey) { const again = [...document.querySelectorAll('[data-key]')].find((e) => e.dataset.key === focusKey); if (again) again.focus(); }
}
function draw() {
  renderActor(); renderSlash();
  $('info').textContent = state.member_count + ' members · ' + state.bans.length + ' bans';
  const nav = $('channels'); nav.replaceChildren();
  const byParent = {}; for (const c of state.channels) (byParent[c.parent_id || ''] ||= []).push(c);
  const cats = state.channels.filter((c) => c.type === 4).sort((a, b) => a.position - b.position);
  const texts = (pid) => (byParent[pid] || []).filter((c) => c.type === 0 || c.type === 5 || c.type === 2).sort((a, b) => a.position - b.position);
  if (!channelId) { const first = state.channels.find((c) => c.name === 'general') || state.channels.find((c) => c.type === 0); channelId = first && first.id; }
  const current = state.channels.find((c) => c.id === channelId);
  $('content-label').textContent = 'Message ' + (current ? '#' + current.name : '');
  const addChan = (c) => { const d = el('button', 'chan' + (c.id === channelId ? ' sel' : ''), (c.type === 2 ? '🔊 ' : '# ') + c.name); d.type = 'button'; d.dataset.key = 'chan:' + c.id; if (c.id === channelId) d.setAttribute('aria-current', 'true'); d.onclick = () => { channelId = c.id; render(); renderYours(); }; nav.append(d); };
  texts('').forEach(addChan);
  for (const cat of cats) { nav.append(el('div', 'cat', cat.name)); texts(cat.id).forEach(addChan); }
  const main = $('messages'); main.replaceChildren();
  const members = Object.fromEntries(state.members.map((m) => [m.user.id, m]));
  for (const m of state.messages.filter((x) => x.channel_id === channelId)) {
    const row = el('div', 'msg'); row.dataset.id = m.id; const body = el('div');
    const author = (members[m.author.id] && members[m.author.id].nick) || userName(m.author);
    body.append(el('span', 'who', author), el('time', '', ' ' + new Date(m.timestamp).toLocaleString() + (m.edited_timestamp ? ' (edited)' : '')));
    if (m.interaction_metadata && m.interaction_metadata.user) body.append(el('div', 'muted', memberName(m.interaction_metadata.user.id) + ' used ' + (m.interaction && m.interaction.name ? m.interaction.name : 'a command')));
    if (m.type === 7) body.append(el('div', 'sys', '→ joined the server'));
    renderMessageBody(body, m, false);
    if ((m.flags & 128) !== 0) body.append(el('div', 'sys', 'Guildhall is thinking…'));
    row.append(body);
    const apps = appsMenu(3, 'Apps for the message from ' + author, 'm' + m.id, (name) => interact({ type: 'context_menu', channelId, command: name, targetId: m.id }));
    if (apps) row.append(apps);
    main.append(row);
  }
  main.scrollTop = main.scrollHeight;
  const side = $('side'); side.replaceChildren();
  if (tab === 'members') {
    const pres = Object.fromEntries(state.presences.map((p) => [p.user.id, p.status]));
    const roles = state.roles.filter((r) => r.hoist).sort((a, b) => b.position - a.position);
    const placed = new Set();
    const group = (title, list) => { if (!list.length) return; side.append(el('h3', '', title + ' — ' + list.length)); for (const m of list.slice(0, 150)) { placed.add(m.user.id); const r = el('div', 'member'); const name = m.nick || userName(m.user); r.append(el('span', 'dot ' + (pres[m.user.id] || '')), el('span', '', name)); if (m.communication_disabled_until && Date.parse(m.communication_disabled_until) > Date.now()) r.append(el('span', 'timeout', 'timed out')); const apps = appsMenu(2, 'Apps for ' + name, 'u' + m.user.id, (cmd) => interact({ type: 'context_menu', channelId, command: cmd, targetId: m.user.id })); if (apps) r.append(apps); side.append(r); } };
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
/** The acting member's own view of their interactions: ephemeral replies, "thinking", and a modal to fill in. */
function renderYours() {
  const box = $('yours'); box.replaceChildren();
  for (const t of tracked.filter((x) => x.userId === actor && x.guildId === guildId && x.channelId === channelId && x.view)) {
    const v = t.view;
    const mine = [v.original, ...v.followups].filter((m) => m && ((m.flags || 0) & 64) !== 0);
    const last = v.responses[v.responses.length - 1];
    for (const m of mine) {
      const row = el('div', 'msg'); row.dataset.id = m.id; const body = el('div');
      body.append(el('span', 'who', userName(m.author)), el('span', 'muted', ' · only you can see this · ' + (t.label || v.name)));
      renderMessageBody(body, m, true);
      if ((m.flags & 128) !== 0) body.append(el('div', 'sys', 'Guildhall is thinking…'));
      row.append(body); box.append(row);
    }
    if (!last && Date.now() - t.at > 3500) { const row = el('div', 'msg'); row.append(el('span', 'sys', (t.label || v.name) + ': the application did not respond')); box.append(row); }
  }
  const dialog = $('modal');
  if (dialog.open) return;
  const t = tracked.find((x) => x.userId === actor && x.guildId === guildId && x.view && !x.modalShown && x.view.responses.some((r) => r.kind === 'callback' && r.type === 9));
  if (t) openModal(t, t.view.responses.find((r) => r.kind === 'callback' && r.type === 9).data);
}
function openModal(t, data) {
  t.modalShown = true;
  $('modal-title').textContent = data.title || 'Form';
  const box = $('modal-fields'); box.replaceChildren();
  for (const row of data.components || []) {
    const inputs = row.type === 18 ? [{ label: row.label, c: row.component }] : (row.components || []).map((c) => ({ label: c.label, c }));
    for (const { label, c } of inputs) {
      if (!c || c.type !== 4) continue;
      const l = el('label', '', (label || c.custom_id) + (c.required === false ? '' : ' *'));
      const input = el(c.style === 2 ? 'textarea' : 'input');
      input.name = c.custom_id; input.required = c.required !== false;
      if (c.min_length) input.minLength = c.min_length; if (c.max_length) input.maxLength = c.max_length;
      if (c.placeholder) input.placeholder = c.placeholder; if (c.value) input.value = c.value;
      l.append(input); box.append(l);
    }
  }
  const form = $('modal-form');
  form.onsubmit = (e) => {
    e.preventDefault();
    const fields = [...box.querySelectorAll('[name]')].map((i) => ({ customId: i.name, value: i.value }));
    $('modal').close();
    interact({ type: 'modal_submit', channelId: t.channelId, customId: data.custom_id, fields, ...(t.messageId ? { messageId: t.messageId } : {}) }, undefined, 'form “' + (data.title || 'form') + '”').catch(() => undefined);
  };
  $('modal').showModal();
  const first = box.querySelector('[name]'); if (first) first.focus();
}
async function refreshInteractions() {
  const fresh = tracked.filter((t) => Date.now() - t.at < 15 * 60_000).slice(-20);
  await Promise.all(fresh.map(async (t) => { const res = await fetch('/_sandbox/interactions/' + t.id); if (res.ok) t.view = await res.json(); }));
}
let polling = null;
/** Ephemeral replies and modals are not dispatched to anyone, so the page polls its recent interactions. */
function pollSoon() {
  if (polling) return;
  polling = setTimeout(async () => {
    polling = null;
    await refreshInteractions(); renderYours();
    if (tracked.some((t) => Date.now() - t.at < 60_000)) pollSoon();
  }, 500);
}
$('composer').onsubmit = (e) => {
  e.preventDefault();
  const input = $('content');
  control('/act/message', { channelId, userId: actor, content: input.value }).then(() => { input.value = ''; say('Posted as ' + memberName(actor)); load(); }).catch(() => undefined);
};
$('slash').onsubmit = (e) => {
  e.preventDefault();
  const v = variants[Number($('command').value)]; if (!v) return;
  interact({ channelId, command: v.command, options: slashOptions(v) }).catch(() => undefined);
};
$('command').onchange = renderOptions;
$('actor').onchange = (e) => { actor = e.target.value; say('Acting as ' + memberName(actor)); renderYours(); };
$('modal-cancel').onclick = () => $('modal').close();
$('guild').onchange = (e) => { guildId = e.target.value; channelId = null; load(); };
for (const b of document.querySelectorAll('.tabs button')) b.onclick = () => { tab = b.dataset.tab; for (const x of document.querySelectorAll('.tabs button')) x.classList.toggle('sel', x === b); render(); };
let pending = null;
const events = new EventSource('/_sandbox/events');
events.addEventListener('dispatch', () => { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 400); });
events.onerror = () => { $('live').textContent = 'reconnecting'; };
events.onopen = () => { $('live').textContent = 'live'; };
load();
</script></body></html>`;
