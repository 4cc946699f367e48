'use strict';
// What the end-to-end tests share: the official Genesys Cloud JavaScript SDK
// (purecloud-platform-client-v2), the roleplane binary (ROLEPLANE_BIN, default
// ../../build/bin/roleplane), starting a server on an ephemeral loopback port
// with a bootstrapped organization, and assertions on SDK errors.

const assert = require('node:assert/strict');
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

module.exports = { platformClient, BIN, UUID, START_TIMEOUT_MS, bootstrap, startServer, rejection, assertErrorBody };
