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
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, bootstrap, startServer } = require('./harness');

const DOMAINS = ['admin', 'analytics', 'authorization', 'billing', 'conversation', 'directory', 'oauth', 'presence',
  'routing', 'telephony'];



describe('Genesys SDK: permissions catalog and products', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const authorization = new platformClient.AuthorizationApi();

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-catalog-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database, 'E2E Catalog');
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
    assert.deepEqual(page.entities.map((c) => c.domain), ['routing', 'telephony']);
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
