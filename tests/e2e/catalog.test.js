'use strict';
// End-to-end: AuthorizationApi.getAuthorizationPermissions and
// getAuthorizationProducts through the official Genesys Cloud JavaScript SDK
// (purecloud-platform-client-v2), unchanged, against a real roleplane server
// on an ephemeral loopback port.
//
// Run with `node --test catalog.test.js`; ROLEPLANE_BIN names the server
// binary (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let platformClient;
try {
  platformClient = require('purecloud-platform-client-v2');
} catch (err) {
  throw new Error(`the Genesys SDK is not installed: run \`npm ci\` in ${__dirname} (or \`make deps\`): ${err.message}`);
}

const BIN = process.env.ROLEPLANE_BIN || path.resolve(__dirname, '../../build/bin/roleplane');
const START_TIMEOUT_MS = 20000;
const DOMAINS = ['admin', 'analytics', 'authorization', 'billing', 'conversation', 'directory', 'oauth', 'routing',
  'telephony'];

function bootstrap(database) {
  const out = execFileSync(BIN, ['bootstrap', '--org', 'E2E Catalog', '--database', database], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: START_TIMEOUT_MS,
  });
  const line = out.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`bootstrap printed no JSON object: ${JSON.stringify(out)}`);
  return JSON.parse(line);
}

function startServer(database) {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--database', database], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, stdout: '', stderr: '', exit: null };
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
    const timer = setTimeout(() => reject(new Error(`no listening line within ${START_TIMEOUT_MS} ms\n${server.stderr}`)),
      START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      server.stdout += chunk;
      const m = /^roleplane listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(server.stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal})\n${server.stderr}`));
    });
  });
  return server;
}

describe('Genesys SDK: permissions catalog and products', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const authorization = new platformClient.AuthorizationApi();

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-catalog-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database);
    server = startServer(database);
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: await server.port });
    await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('getAuthorizationPermissions lists the catalog by domain', async () => {
    const listing = await authorization.getAuthorizationPermissions({ pageSize: 100, pageNumber: 1 });
    assert.equal(listing.total, DOMAINS.length);
    assert.equal(listing.pageSize, 100);
    assert.equal(listing.pageNumber, 1);
    assert.equal(listing.pageCount, 1);
    assert.deepEqual(listing.entities.map((c) => c.domain), DOMAINS);
    const directory = listing.entities.find((c) => c.domain === 'directory');
    assert.equal(directory.id, 'directory');
    assert.equal(directory.name, 'directory');
    const view = directory.permissionMap.user.find((p) => p.action === 'view');
    assert.deepEqual(view, {
      domain: 'directory',
      entityType: 'user',
      action: 'view',
      label: 'View users',
      allowsConditions: false,
      divisionAware: true,
    });
    const roleEdit = listing.entities.find((c) => c.domain === 'authorization').permissionMap.role
      .find((p) => p.action === 'edit');
    assert.equal(roleEdit.divisionAware, false);
  });

  it('getAuthorizationPermissions pages over domains', async () => {
    const page = await authorization.getAuthorizationPermissions({ pageSize: 4, pageNumber: 3 });
    assert.deepEqual(page.entities.map((c) => c.domain), ['telephony']);
    assert.equal(page.pageCount, 3);
    assert.ok(page.previousUri.includes('pageNumber=2'));
  });

  it('getAuthorizationProducts lists the products', async () => {
    const products = await authorization.getAuthorizationProducts();
    assert.deepEqual(products.entities.map((p) => p.id), ['billing', 'collaborateFree', 'communicate', 'engage']);
    assert.equal(products.total, 4);
    assert.equal(products.pageCount, 1);
  });
});
