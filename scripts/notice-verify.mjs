#!/usr/bin/env node
/**
 * Checks a public notice's hashes: `npm run --silent notice:verify -- URL [HASH]`, where URL is
 * `…/public/notices/{id}` (or a file saved from it). For each published version it recomputes
 * SHA-256 over the payload's canonical JSON (RFC 8785, the `canonicalize` package) and compares it
 * with the hash the service states; with HASH (the one printed on a board), it also says which
 * version has it. Exit 0 when every hash holds (and HASH is found), 2 otherwise, 1 on an error.
 * Plain JavaScript with no build step, so anyone can read what it does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import canonicalize from 'canonicalize';

const [source, boardHash] = process.argv.slice(2);
if (!source) {
  process.stderr.write('usage: npm run --silent notice:verify -- <URL of /public/notices/{id} or a saved file> [hash]\n');
  process.exit(1);
}

async function load(from) {
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${from} answered ${res.status}`);
    return res.json();
  }
  return JSON.parse(await readFile(from, 'utf8'));
}

try {
  const notice = await load(source);
  let ok = Array.isArray(notice.versions) && notice.versions.length > 0;
  if (!ok) process.stdout.write('no published version\n');
  for (const v of notice.versions ?? []) {
    const computed = createHash('sha256').update(canonicalize(v.payload), 'utf8').digest('hex');
    const holds = computed === v.payloadHash && v.payload?.noticeId === notice.id && v.payload?.version === v.number;
    ok &&= holds;
    process.stdout.write(`version ${v.number}: ${holds ? 'OK' : 'MISMATCH'} ${computed}${holds ? '' : ` (stated ${v.payloadHash})`}\n`);
  }
  if (boardHash) {
    const found = (notice.versions ?? []).find((v) => v.payloadHash === boardHash.toLowerCase());
    ok &&= Boolean(found);
    process.stdout.write(found ? `hash ${boardHash} is version ${found.number}\n` : `hash ${boardHash} is no published version of this notice\n`);
  }
  process.exit(ok ? 0 : 2);
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
