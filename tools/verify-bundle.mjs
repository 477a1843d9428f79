#!/usr/bin/env node
/**
 * Standalone verifier of a Guildhall audit export bundle. Plain Node (>= 18), no dependencies,
 * no Guildhall code, no service running:
 *
 *   node tools/verify-bundle.mjs <bundle-dir> [--trust-key <base64 public key of the guild's first key>]
 *
 * Checks, offline:
 *  1. the hash chain: each line's prev is the previous line's hash (the first is 64 zeros) and its
 *     hash is sha256_hex(prev + "\n" + canonical({commit, subject})), canonical = RFC 8785 (JCS);
 *     every event is the manifest's guild; positions increase;
 *  2. the keys: versions 1..n, each n > 1 endorsed (Ed25519) by version n-1; with --trust-key, key 1
 *     must be that key (compare with the one the bot posted in your staff channel);
 *  3. the checkpoints: each signature verifies with its key, and the chain reaches its head at
 *     its commit count and position.
 * Exit 0 with `bundle verified: …`; exit 1 naming the first problem (file, line, what); 2 on usage.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** RFC 8785 canonical JSON; the same rules as infra/eventing/src/chain/canonical.ts. */
export const canonicalJson = (value) => {
  const seen = new Set();
  const write = (v, inArray) => {
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON();
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`canonical JSON: ${v} is not a finite number`);
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        throw new TypeError('canonical JSON: BigInt has no JSON form');
      case 'undefined':
      case 'function':
      case 'symbol':
        return inArray ? 'null' : undefined;
      default:
        break;
    }
    if (v === null) return 'null';
    if (seen.has(v)) throw new TypeError('canonical JSON: cyclic value');
    seen.add(v);
    let out;
    if (Array.isArray(v)) out = `[${v.map((x) => write(x, true)).join(',')}]`;
    else {
      const parts = [];
      for (const k of Object.keys(v).sort()) {
        const s = write(v[k], false);
        if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
      }
      out = `{${parts.join(',')}}`;
    }
    seen.delete(v);
    return out;
  };
  const s = write(value, false);
  if (s === undefined) throw new TypeError(`canonical JSON: a top-level ${typeof value} has no JSON form`);
  return s;
};

const GENESIS = '0'.repeat(64);
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const publicKey = (raw) => createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(raw, 'base64')]), format: 'der', type: 'spki' });
const verifies = (raw, text, sig) => {
  try {
    return verify(null, Buffer.from(text), publicKey(raw), Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
};
const omit = (o, field) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== field));

export const verifyBundle = (dir, { trustKey } = {}) => {
  const problems = [];
  const fail = (file, where, what) => problems.push(`${file}${where ? ` ${where}` : ''}: ${what}`);
  const read = (f) => readFileSync(join(dir, f), 'utf8');
  let manifest, checkpoints, keys, text;
  try {
    manifest = JSON.parse(read('manifest.json'));
    checkpoints = JSON.parse(read('checkpoints.json'));
    keys = JSON.parse(read('keys.json'));
    text = read('events.ndjson');
  } catch (e) {
    return { ok: false, problems: [`bundle unreadable: ${e.message}`] };
  }
  if (manifest.format !== 'guildhall-audit-bundle/1') fail('manifest.json', '', `unknown format ${manifest.format}`);
  const guild = manifest.guildId;

  // 1. The chain.
  const lines = text.split('\n').filter((l) => l.length > 0);
  const heads = [{ hash: GENESIS, position: 0 }]; // heads[n] = after n commits
  let events = 0;
  let prev = GENESIS;
  let lastPosition = 0;
  lines.forEach((raw, i) => {
    const where = `line ${i + 1}`;
    let line;
    try {
      line = JSON.parse(raw);
    } catch (e) {
      fail('events.ndjson', where, `not JSON (${e.message})`);
      return;
    }
    if (line.prev !== prev) fail('events.ndjson', where, `position ${line.position}: out of order or a line before it is missing (prev ${String(line.prev).slice(0, 12)}…, the chain so far ends in ${prev.slice(0, 12)}…)`);
    const hash = sha256(`${line.prev}\n${canonicalJson({ commit: line.commit, subject: line.subject })}`);
    if (hash !== line.hash) fail('events.ndjson', where, `position ${line.position}: changed (its content does not hash to its proof)`);
    if (!(line.position > lastPosition)) fail('events.ndjson', where, `position ${line.position} does not follow ${lastPosition}`);
    for (const e of line.commit?.events ?? []) if (e.guildId !== guild) fail('events.ndjson', where, `an event of guild ${e.guildId} in guild ${guild}'s bundle`);
    events += line.commit?.events?.length ?? 0;
    prev = line.hash;
    lastPosition = line.position;
    heads.push({ hash: line.hash, position: line.position });
  });
  if (manifest.commits !== lines.length) fail('manifest.json', '', `says ${manifest.commits} commits, events.ndjson has ${lines.length}`);
  if (manifest.events !== events) fail('manifest.json', '', `says ${manifest.events} events, events.ndjson has ${events}`);

  // 2. The keys.
  const byId = new Map();
  [...keys].sort((a, b) => a.version - b.version).forEach((k, i) => {
    const where = `key ${k.keyId}`;
    if (k.guildId !== guild) return fail('keys.json', where, `belongs to guild ${k.guildId}`);
    if (k.version !== i + 1) return fail('keys.json', where, `version ${k.version} where ${i + 1} was expected`);
    if (i === 0) {
      if (trustKey && k.publicKey !== trustKey) return fail('keys.json', where, 'is not the trusted key given with --trust-key');
    } else {
      const before = [...byId.values()].at(-1);
      const form = canonicalJson({ guildId: k.guildId, keyId: k.keyId, previousKeyId: k.previousKeyId, publicKey: k.publicKey, version: k.version });
      if (k.previousKeyId !== before?.keyId || !k.endorsement || !verifies(before.publicKey, form, k.endorsement)) return fail('keys.json', where, `not endorsed by ${before?.keyId}`);
    }
    byId.set(k.keyId, k);
  });

  // 3. The checkpoints.
  let lastSigned = 0;
  checkpoints.forEach((c, i) => {
    const where = `checkpoint ${i + 1} (${c.links} commits up to position ${c.position})`;
    const key = byId.get(c.keyId);
    if (!key || c.guildId !== guild) return fail('checkpoints.json', where, `signed with ${c.keyId}, not a key of guild ${guild}`);
    if (!verifies(key.publicKey, canonicalJson(omit(c, 'signature')), c.signature)) return fail('checkpoints.json', where, `signature does not verify with ${c.keyId} (signed by another key, or changed)`);
    const h = heads[c.links];
    if (!h) return fail('checkpoints.json', where, `the bundle has only ${lines.length} commits (commits removed)`);
    if (h.hash !== c.head || h.position !== c.position) return fail('checkpoints.json', where, `the chain has ${h.hash.slice(0, 12)}… at position ${h.position}, the checkpoint signed ${c.head.slice(0, 12)}… at ${c.position}`);
    lastSigned = Math.max(lastSigned, c.links);
  });
  return { ok: problems.length === 0, problems, guild, commits: lines.length, events, checkpoints: checkpoints.length, keys: byId.size, unsignedTail: lines.length - lastSigned };
};

const main = () => {
  const args = process.argv.slice(2);
  const t = args.indexOf('--trust-key');
  const trustKey = t >= 0 ? args[t + 1] : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (t < 0 || i !== t + 1));
  if (!dir) {
    console.error('usage: node tools/verify-bundle.mjs <bundle-dir> [--trust-key <base64>]');
    process.exit(2);
  }
  const r = verifyBundle(dir, { trustKey });
  if (!r.ok) {
    console.log(`bundle FAILED: ${r.problems.length} problem(s); the first:`);
    for (const p of r.problems) console.log(`  ${p}`);
    process.exit(1);
  }
  console.log(`bundle verified: ${r.events} events in ${r.commits} commits of guild ${r.guild}, ${r.checkpoints} signed checkpoints, ${r.keys} keys`);
  if (r.unsignedTail > 0) console.log(`  the last ${r.unsignedTail} commits are after the last signed checkpoint: the chain covers them, no signature yet`);
  if (!trustKey) console.log('  key 1 trusted as found: compare it with the one posted in the staff channel, or pass --trust-key');
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
