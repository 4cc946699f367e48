#!/usr/bin/env node
// A small HTTP/1.1 load driver for bench/dialects.sh: both sides of each ratio
// go through it, so that they pay the same client cost. Only Node's built-in
// modules; one keep-alive socket per connection (an Agent with maxSockets 1),
// each connection sending its next request when the previous answer is read.
//
//   node drive.js read URL --connections N --duration S --warmup S
//        [--bearer TOKEN | --digest PUBLIC:PRIVATE] [--header 'Name: value']...
//     GET URL over N connections for S seconds (after the warm-up).
//     With --digest each connection gets one challenge (in the warm-up), then
//     signs every request with that nonce and its own strictly increasing
//     nonce count (RFC 7616 section 3.4); a stale nonce is replaced.
//
//   node drive.js batch BASE_URL --connections N --requests FILE --bearer TOKEN
//        [--operations] [--poll-ms MS]
//     Sends the requests of FILE (one JSON {method, path, body} a line) over
//     N connections, each once. A line may instead carry `form` (a string
//     sent as application/x-www-form-urlencoded) and `expect` (the status
//     that counts as success, e.g. 302 for a sign-in; default any 2xx); a
//     302 answer counts only when its Location names no `error`. With --operations every answer must be 202
//     with a Location (a Workiva operation); the clock runs until every
//     operation reads completed: the last accepted one is polled every
//     --poll-ms (operations run in the order accepted), then all are read
//     once, and any still queued are polled until they are done.
//
// Prints one JSON object: requests, failed (non-2xx, socket errors),
// statuses, seconds, rate (per second), p50Ms, p90Ms, p99Ms (latency of the
// requests sent), driverCpu (driver CPU seconds over wall seconds) and, with
// --server-pid, serverCpuUs (the server's CPU time, all threads, per request
// measured, in microseconds).
"use strict";
const http = require("http");
const crypto = require("crypto");
const fs = require("fs");

function parseArgs(argv) {
  const o = { mode: argv[0], url: argv[1], headers: {}, connections: 16, duration: 10, warmup: 2, pollMs: 20 };
  for (let i = 2; i < argv.length; i += 2) {
    const k = argv[i], v = argv[i + 1];
    if (v === undefined) throw new Error("missing value of " + k);
    if (k === "--connections") o.connections = +v;
    else if (k === "--duration") o.duration = +v;
    else if (k === "--warmup") o.warmup = +v;
    else if (k === "--bearer") o.bearer = v;
    else if (k === "--digest") o.digest = v;
    else if (k === "--requests") o.requests = v;
    else if (k === "--poll-ms") o.pollMs = +v;
    else if (k === "--server-pid") o.serverPid = v;
    else if (k === "--operations") { o.operations = v === "1"; }
    else if (k === "--header") { const c = v.indexOf(":"); o.headers[v.slice(0, c).trim()] = v.slice(c + 1).trim(); }
    else throw new Error("unknown option " + k);
  }
  if (!["read", "batch"].includes(o.mode) || !o.url) throw new Error("usage: drive.js read|batch URL [options]");
  return o;
}

// CPU time of process `pid` (all threads, user + system) in seconds, from /proc.
function processCpu(pid) {
  if (!pid) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (+f[11] + +f[12]) / 100; // utime, stime (fields 14, 15) in USER_HZ ticks
}

const md5 = (s) => crypto.createHash("md5").update(s).digest("hex");

// One request on `agent`; resolves {status, headers, body, ms} or {error, ms}.
function send(agent, url, method, path, headers, body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const done = (r) => resolve({ ...r, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on("error", (e) => done({ error: e.message }));
    });
    req.on("error", (e) => done({ error: e.message }));
    if (body !== undefined) req.end(body); else req.end();
  });
}

// Latencies and answers of one phase.
class Tally {
  constructor() { this.ms = []; this.failed = 0; this.statuses = {}; }
  add(r, expect) {
    this.ms.push(r.ms);
    const key = r.error ? "error" : String(r.status);
    this.statuses[key] = (this.statuses[key] || 0) + 1;
    const ok = expect
      ? r.status === expect && !(expect === 302 && /[?&]error=/.test(r.headers.location || ""))
      : r.status >= 200 && r.status <= 299;
    if (r.error || !ok) this.failed++;
  }
  pct(p) {
    if (!this.ms.length) return 0;
    const s = Float64Array.from(this.ms).sort();
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  }
}

// Digest state of one connection: its nonce, its nonce count, its cnonce.
class DigestSigner {
  constructor(spec) {
    const c = spec.indexOf(":");
    this.user = spec.slice(0, c);
    this.secret = spec.slice(c + 1);
    this.cnonce = crypto.randomBytes(8).toString("hex");
    this.nonce = null;
  }
  take(challenge) {
    const m = /nonce="([^"]+)"/.exec(challenge || "");
    const realm = /realm="([^"]+)"/.exec(challenge || "");
    if (!m || !realm) throw new Error("no Digest challenge in " + challenge);
    this.realm = realm[1];
    this.nonce = m[1];
    this.nc = 0;
    this.ha1 = md5(`${this.user}:${this.realm}:${this.secret}`);
  }
  header(method, uri) {
    const nc = (++this.nc).toString(16).padStart(8, "0");
    const response = md5(`${this.ha1}:${this.nonce}:${nc}:${this.cnonce}:auth:${md5(`${method}:${uri}`)}`);
    return `Digest username="${this.user}", realm="${this.realm}", nonce="${this.nonce}", uri="${uri}", ` +
      `qop=auth, nc=${nc}, cnonce="${this.cnonce}", response="${response}", algorithm=MD5`;
  }
}

async function read(o) {
  const url = new URL(o.url);
  const path = url.pathname + url.search;
  let tally = null; // null during the warm-up
  let stopAt = Date.now() + o.warmup * 1000;
  const connection = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const signer = o.digest ? new DigestSigner(o.digest) : null;
    for (;;) {
      if (Date.now() >= stopAt) {
        if (tally === null) await phaseChange;
        if (Date.now() >= stopAt) break;
      }
      const headers = { ...o.headers };
      if (o.bearer) headers.Authorization = "Bearer " + o.bearer;
      if (signer && signer.nonce) headers.Authorization = signer.header("GET", path);
      const r = await send(agent, url, "GET", path, headers);
      const challenge = r.status === 401 && signer && r.headers["www-authenticate"];
      // The first request of a connection (or one on an expired nonce) gets a challenge.
      if (challenge && (!signer.nonce || /stale=true/.test(challenge))) { signer.take(challenge); continue; }
      if (tally) tally.add(r);
    }
    agent.destroy();
  };
  let startMeasure;
  const phaseChange = new Promise((resolve) => (startMeasure = resolve));
  const conns = [];
  for (let i = 0; i < o.connections; i++) conns.push(connection());
  await new Promise((r) => setTimeout(r, o.warmup * 1000));
  tally = new Tally();
  const cpu0 = process.cpuUsage();
  const server0 = processCpu(o.serverPid);
  const t0 = process.hrtime.bigint();
  stopAt = Date.now() + o.duration * 1000;
  startMeasure();
  await Promise.all(conns);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  report(tally, seconds, cpu0, serverCpu(o, server0, tally));
}

function serverCpu(o, server0, tally) {
  if (!o.serverPid) return {};
  return { serverCpuUs: Math.round(((processCpu(o.serverPid) - server0) * 1e6) / tally.ms.length) };
}

async function batch(o) {
  const base = new URL(o.url);
  const items = fs.readFileSync(o.requests, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const auth = { Authorization: "Bearer " + o.bearer, ...o.headers };
  const tally = new Tally();
  const accepted = []; // operation paths in the order their 202s arrived
  let next = 0;
  const cpu0 = process.cpuUsage();
  const server0 = processCpu(o.serverPid);
  const t0 = process.hrtime.bigint();
  const connection = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (next < items.length) {
      const i = next++;
      const it = items[i];
      let body, headers = auth;
      if (it.form !== undefined) {
        body = it.form;
        headers = { ...o.headers, "Content-Type": "application/x-www-form-urlencoded" };
      } else if (it.body !== undefined) {
        body = JSON.stringify(it.body);
        headers = { ...auth, "Content-Type": "application/json" };
      }
      const r = await send(agent, base, it.method, it.path, headers, body);
      tally.add(r, it.expect);
      if (o.operations) {
        if (r.status === 202 && r.headers.location) accepted.push(new URL(r.headers.location).pathname);
        else tally.failed += r.status >= 200 && r.status < 300 ? 1 : 0; // a 2xx that is not an operation
      }
    }
    agent.destroy();
  };
  const conns = [];
  for (let i = 0; i < Math.min(o.connections, items.length); i++) conns.push(connection());
  await Promise.all(conns);
  const sentSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let seconds = sentSeconds;
  let ops = null;
  if (o.operations) {
    ops = await untilCompleted(base, auth, accepted, o);
    seconds = Number(ops.doneAt - t0) / 1e9;
  }
  // The server's CPU until the operations were done, not the reads that checked them.
  const server = o.serverPid ? { serverCpuUs: Math.round(((ops ? ops.doneCpu : processCpu(o.serverPid)) - server0) * 1e6 / tally.ms.length) } : {};
  report(tally, seconds, cpu0, { ...server, sentSeconds, operations: ops && { completed: ops.completed, failed: ops.failed, polls: ops.polls } });
}

// Reads operations until none is queued; doneAt is when the last one was seen done.
async function untilCompleted(base, auth, paths, o) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let polls = 0;
  const status = async (p) => {
    polls++;
    const r = await send(agent, base, "GET", p, auth);
    if (r.status !== 200) return "unreadable";
    return JSON.parse(r.body).status;
  };
  const sleep = () => new Promise((r) => setTimeout(r, o.pollMs));
  let doneAt = process.hrtime.bigint();
  let doneCpu = processCpu(o.serverPid);
  const done = () => { doneAt = process.hrtime.bigint(); doneCpu = processCpu(o.serverPid); };
  if (paths.length) {
    while ((await status(paths[paths.length - 1])) === "queued") await sleep();
    done();
  }
  const final = {};
  let pending = paths.slice(0, -1);
  while (pending.length) {
    const seen = await Promise.all(pending.map(async (p) => [p, await status(p)]));
    pending = [];
    for (const [p, s] of seen) {
      if (s === "queued") pending.push(p);
      else final[p] = s;
    }
    if (pending.length) { await sleep(); done(); }
  }
  if (paths.length) final[paths[paths.length - 1]] = await status(paths[paths.length - 1]);
  agent.destroy();
  const values = Object.values(final);
  return { doneAt, doneCpu, polls, completed: values.filter((s) => s === "completed").length, failed: values.filter((s) => s !== "completed").length };
}

function report(tally, seconds, cpu0, extra = {}) {
  const cpu = process.cpuUsage(cpu0);
  const r3 = (v) => Math.round(v * 1000) / 1000;
  process.stdout.write(JSON.stringify({
    requests: tally.ms.length, failed: tally.failed, statuses: tally.statuses, seconds: r3(seconds),
    rate: r3(tally.ms.length / seconds), p50Ms: r3(tally.pct(50)), p90Ms: r3(tally.pct(90)), p99Ms: r3(tally.pct(99)),
    driverCpu: r3((cpu.user + cpu.system) / 1e6 / seconds), ...extra,
  }) + "\n");
}

const o = parseArgs(process.argv.slice(2));
(o.mode === "read" ? read(o) : batch(o)).catch((e) => { console.error("drive.js: " + e.stack); process.exit(1); });
