'use strict';
// What the end-to-end tests share: the official Genesys Cloud JavaScript SDK
// (purecloud-platform-client-v2), the roleplane binary (ROLEPLANE_BIN, default
// ../../build/bin/roleplane), starting a server on an ephemeral loopback port
// with a bootstrapped organization, and assertions on SDK errors.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');

let platformClient;
try {
  platformClient = require('purecloud-platform-client-v2');
} catch (err) {
  throw new Error(`the Genesys SDK is not installed: run \`npm ci\` in ${__dirname} (or \`make deps\`): ${err.message}`);
}

const BIN = process.env.ROLEPLANE_BIN || path.resolve(__dirname, '../../build/bin/roleplane');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const START_TIMEOUT_MS = 20000;

// Server process --------------------------------------------------------------

function bootstrap(database, org = 'E2E') {
  const out = execFileSync(BIN, ['bootstrap', '--org', org, '--database', database], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: START_TIMEOUT_MS,
  });
  const text = out.trim();
  try {
    return JSON.parse(text);
  } catch {
    // Tolerate anything printed before the JSON object.
    const line = text.split('\n').reverse().find((l) => l.trim().startsWith('{'));
    if (!line) throw new Error(`bootstrap printed no JSON object: ${JSON.stringify(text)}`);
    return JSON.parse(line);
  }
}

// opts.config: a TOML file passed as `--config FILE`.
function startServer(database, opts = {}) {
  const args = ['serve', '--listen', '127.0.0.1:0', '--database', database];
  if (opts.config) args.push('--config', opts.config);
  const child = spawn(BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, stderr: '', stdout: '', exit: null };
  server.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve(server.exit);
    });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    server.stderr = (server.stderr + chunk).slice(-64 * 1024);
  });
  child.stdout.setEncoding('utf8');

  server.port = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no "roleplane listening on" line within ${START_TIMEOUT_MS} ms\n` +
        `stdout: ${server.stdout}\nstderr: ${server.stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      server.stdout += chunk;
      const m = /^roleplane listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(server.stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${BIN}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal})\n` +
        `stdout: ${server.stdout}\nstderr: ${server.stderr}`));
    });
  });
  return server;
}

// Helpers ---------------------------------------------------------------------

// With the SDK's default settings a failed call rejects with the response body,
// which for roleplane is a Genesys ErrorBody.
async function rejection(promise) {
  try {
    const value = await promise;
    assert.fail(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return err;
  }
}

function assertErrorBody(err, status, code) {
  assert.equal(typeof err, 'object', `error is not an ErrorBody: ${String(err)}`);
  assert.equal(err.status, status, `status: ${JSON.stringify(err)}`);
  assert.equal(err.code, code, `code: ${JSON.stringify(err)}`);
  assert.equal(typeof err.message, 'string');
  assert.equal(typeof err.contextId, 'string');
  assert.ok(err.contextId.length > 0);
}

// A PKCE pair (S256).
function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// Signs in through the form of /oauth/authorize as a browser would (the half of
// the SDK's loginPKCEGrant the SDK leaves to the browser): GET the page, check
// it is the framed-out form (keeping `target`), POST it with the password.
// Answers { status, body } when the POST is not a redirect, else { status: 302,
// code, error } of the redirect to `redirect` (whose state it checks).
async function browserSignIn(base, { clientId, redirect, email, password, target, challenge, state = 'e2e' }) {
  const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, state });
  if (challenge) {
    params.set('code_challenge', challenge);
    params.set('code_challenge_method', 'S256');
  }
  if (target) params.set('target', target);
  const page = await fetch(`${base}/oauth/authorize?${params}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const html = await page.text();
  assert.match(html, /<form method="post" action="\/oauth\/authorize"/);
  if (target) assert.match(html, new RegExp(`name="target" value="${target}"`), 'the form keeps the target');

  params.set('username', email);
  params.set('password', password);
  const posted = await fetch(`${base}/oauth/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
    redirect: 'manual',
  });
  if (posted.status !== 302) return { status: posted.status, body: await posted.text() };
  const location = new URL(posted.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, redirect);
  assert.equal(location.searchParams.get('state'), state);
  return { status: 302, code: location.searchParams.get('code'), error: location.searchParams.get('error') };
}

module.exports = { platformClient, BIN, UUID, START_TIMEOUT_MS, bootstrap, startServer, rejection, assertErrorBody,
  pkce, browserSignIn };
