'use strict';
// End-to-end: the official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2),
// unchanged, against a real roleplane server on an ephemeral loopback port.
//
// Run with `node --test users.test.js`; ROLEPLANE_BIN names the server binary
// (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

const STOP_TIMEOUT_MS = 15000;


// Server process --------------------------------------------------------------



// Helpers ---------------------------------------------------------------------



// Tests -----------------------------------------------------------------------

describe('Genesys SDK against roleplane', () => {
  let tmp;
  let server;
  let creds;
  let port;
  const client = platformClient.ApiClient.instance;
  const users = new platformClient.UsersApi();

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    creds = bootstrap(database);
    assert.match(creds.organizationId, UUID);
    assert.equal(typeof creds.clientId, 'string');
    assert.equal(typeof creds.clientSecret, 'string');
    server = startServer(database);
    port = await server.port;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('rejects a wrong client secret', async () => {
    const err = await rejection(client.loginClientCredentialsGrant(creds.clientId, 'not-the-secret'));
    assert.ok(err.response, `not an HTTP error: ${err && err.message}`);
    assert.equal(err.response.status, 401);
    assert.equal(err.response.data.error, 'invalid_client');
  });

  it('logs in with the client credentials grant', async () => {
    const before = Date.now();
    const auth = await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    assert.equal(typeof auth.accessToken, 'string');
    assert.ok(auth.accessToken.length >= 16);
    assert.ok(auth.tokenExpiryTime > before + 60 * 1000, 'expires_in is missing or tiny');
  });

  const created = {};

  it('creates a user in the Home division', async () => {
    const user = await users.postUsers({ name: 'E2E Alice', email: 'alice@e2e.example.com' });
    assert.match(user.id, UUID);
    assert.equal(user.name, 'E2E Alice');
    assert.equal(user.email, 'alice@e2e.example.com');
    assert.equal(user.username, 'alice@e2e.example.com');
    assert.equal(user.state, 'active');
    assert.equal(typeof user.version, 'number');
    assert.equal(user.selfUri, `/api/v2/users/${user.id}`);
    assert.match(user.division.id, UUID);
    assert.equal(user.division.name, 'Home');
    assert.match(user.division.selfUri, new RegExp(`^/api/v2/authorization/divisions/${user.division.id}$`));
    assert.ok(Array.isArray(user.primaryContactInfo));
    assert.ok(Array.isArray(user.addresses));
    assert.equal(typeof user.acdAutoAnswer, 'boolean');
    created.alice = user;
  });

  it('creates a user in a given division', async () => {
    const divisionId = created.alice.division.id;
    const user = await users.postUsers({
      name: 'E2E Bob', email: 'bob@e2e.example.com', divisionId, department: 'QA', title: 'Tester',
    });
    assert.equal(user.division.id, divisionId);
    assert.equal(user.department, 'QA');
    assert.equal(user.title, 'Tester');
    created.bob = user;
  });

  it('reads a user back', async () => {
    const user = await users.getUser(created.alice.id);
    assert.deepEqual(user, created.alice);
  });

  it('patches a user with its current version', async () => {
    const current = await users.getUser(created.alice.id);
    const patched = await users.patchUser(current.id, { version: current.version, title: 'Lead', department: 'QA' });
    assert.equal(patched.id, current.id);
    assert.equal(patched.title, 'Lead');
    assert.equal(patched.department, 'QA');
    assert.equal(patched.name, current.name);
    assert.equal(patched.version, current.version + 1);
    assert.deepEqual(await users.getUser(current.id), patched);

    const stale = await rejection(users.patchUser(current.id, { version: current.version, title: 'Stale' }));
    assertErrorBody(stale, 409, 'general.conflict');
    assert.equal(stale.message, 'The version supplied does not match the current version of the user');

    const mixed = await rejection(users.patchUser(current.id, { version: patched.version, state: 'inactive', title: 'X' }));
    assertErrorBody(mixed, 400, 'invalid.value');
    assert.equal(mixed.details[0].fieldName, 'state');
    created.alice = patched;
  });

  it('sets acdAutoAnswer on users in bulk', async () => {
    const before = await users.getUser(created.alice.id);
    assert.equal(before.acdAutoAnswer, false);
    const listing = await users.patchUsersBulk([{ id: created.alice.id, acdAutoAnswer: true }]);
    assert.equal(listing.total, 1);
    assert.equal(listing.entities.length, 1);
    assert.equal(listing.entities[0].id, created.alice.id);
    assert.equal(listing.entities[0].acdAutoAnswer, true);
    assert.equal(listing.entities[0].version, before.version + 1);
    const after = await users.getUser(created.alice.id);
    assert.equal(after.acdAutoAnswer, true);
    assert.deepEqual(after, listing.entities[0]);

    const tooMany = Array.from({ length: 51 }, () => ({ id: created.alice.id, acdAutoAnswer: false }));
    assertErrorBody(await rejection(users.patchUsersBulk(tooMany)), 400, 'invalid.value');
    assert.equal((await users.getUser(created.alice.id)).acdAutoAnswer, true);
    created.alice = after;
  });

  it('pages through users', async () => {
    const { total: before } = await users.getUsers({ pageSize: 1 });
    const names = ['E2E Page Charlie', 'E2E Page Alpha', 'E2E Page Bravo'];
    const ids = [];
    for (const [i, name] of names.entries()) {
      ids.push((await users.postUsers({ name, email: `page${i}@e2e.example.com` })).id);
    }
    const total = before + 3;
    const pageCount = Math.ceil(total / 2);

    const page1 = await users.getUsers({ pageSize: 2, pageNumber: 1 });
    assert.equal(page1.total, total);
    assert.equal(page1.pageCount, pageCount);
    assert.equal(page1.pageSize, 2);
    assert.equal(page1.pageNumber, 1);
    assert.equal(page1.entities.length, 2);
    assert.match(page1.selfUri, /^\/api\/v2\/users\?/);
    assert.match(page1.firstUri, /pageNumber=1(&|$)/);
    assert.match(page1.nextUri, /pageNumber=2(&|$)/);
    assert.match(page1.lastUri, new RegExp(`pageNumber=${pageCount}(&|$)`));
    assert.equal(page1.previousUri, undefined);

    const page2 = await users.getUsers({ pageSize: 2, pageNumber: 2 });
    assert.equal(page2.total, total);
    assert.equal(page2.pageNumber, 2);
    assert.equal(page2.entities.length, Math.min(2, total - 2));
    assert.match(page2.previousUri, /pageNumber=1(&|$)/);

    // Every page together holds every user exactly once.
    const seen = [...page1.entities, ...page2.entities].map((u) => u.id);
    for (let n = 3; n <= pageCount; n++) {
      const page = await users.getUsers({ pageSize: 2, pageNumber: n });
      assert.equal(page.entities.length, n < pageCount ? 2 : total - 2 * (pageCount - 1));
      seen.push(...page.entities.map((u) => u.id));
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    for (const id of ids) assert.ok(seen.includes(id), `user ${id} on no page`);

    // Past the last page: an empty page, same total.
    const past = await users.getUsers({ pageSize: 2, pageNumber: pageCount + 1 });
    assert.equal(past.total, total);
    assert.equal(past.entities.length, 0);

    // Sorted by name; the SDK sends a list of ids as one comma-separated `id` parameter.
    const byName = await users.getUsers({ id: ids, sortOrder: 'ascending' });
    assert.deepEqual(byName.entities.map((u) => u.name), [...names].sort());
    const byNameDesc = await users.getUsers({ id: ids, sortOrder: 'descending' });
    assert.deepEqual(byNameDesc.entities.map((u) => u.name), [...names].sort().reverse());
  });

  it('reads a user profile', async () => {
    const profile = await users.getUserProfile(created.alice.id, { expand: ['authorization', 'presence'] });
    assert.equal(profile.id, created.alice.id);
    assert.equal(profile.name, created.alice.name);
    assert.equal(profile.state, 'active');
    assert.equal(profile.version, created.alice.version);
    assert.ok(!Number.isNaN(Date.parse(profile.dateModified)), `dateModified: ${profile.dateModified}`);
    assert.equal(typeof profile.expands, 'object');
    assert.equal(profile.selfUri, `/api/v2/users/${created.alice.id}/profile`);
    assertErrorBody(await rejection(users.getUserProfile('5e3c1cf6-9a3b-4a4e-9b6e-2f0c3e4a5b6c')), 404, 'not.found');
  });

  it('lists user profiles', async () => {
    const ids = [created.alice.id, created.bob.id];
    const page = await users.getProfilesUsers({ id: ids, pageSize: 1, sortOrder: 'ascending' });
    assert.equal(page.total, 2);
    assert.equal(page.pageCount, 2);
    assert.equal(page.pageSize, 1);
    assert.equal(page.entities.length, 1);
    assert.equal(page.entities[0].id, created.alice.id);  // 'E2E Alice' < 'E2E Bob'
    assert.equal(page.entities[0].selfUri, `/api/v2/users/${created.alice.id}/profile`);
    assert.match(page.nextUri, /^\/api\/v2\/profiles\/users\?.*pageNumber=2(&|$)/);
    const second = await users.getProfilesUsers({ id: ids, pageSize: 1, pageNumber: 2, sortOrder: 'ascending' });
    assert.equal(second.entities[0].id, created.bob.id);
    assertErrorBody(await rejection(users.getProfilesUsers({ pageSize: 0 })), 400, 'bad.request');
  });

  it('answers the person field configuration', async () => {
    const config = await users.getFieldconfig('person');
    assert.equal(config.entityType, 'person');
    const fields = config.sections.flatMap((s) => s.fieldList);
    const name = fields.find((f) => f.key === 'name');
    assert.equal(name.required, true);
    assert.equal(name.params.maxLength, 255);
    assert.equal(fields.find((f) => f.key === 'addresses').repeatable, true);
    assertErrorBody(await rejection(users.getFieldconfig('group')), 400, 'bad.entity.type');
  });

  it('answers an empty favorites listing (deprecated)', async () => {
    const favorites = await users.getUserFavorites(created.alice.id, { pageSize: 10 });
    assert.deepEqual(favorites.entities, []);
    assert.equal(favorites.total, 0);
    assert.equal(favorites.pageSize, 10);
    assert.equal(favorites.pageNumber, 1);
    assert.match(favorites.selfUri, new RegExp(`^/api/v2/users/${created.alice.id}/favorites\\?`));
    assertErrorBody(await rejection(users.getUserFavorites('5e3c1cf6-9a3b-4a4e-9b6e-2f0c3e4a5b6c')), 404, 'not.found');
  });

  it('deletes a user, who then reads as deleted', async () => {
    const { total: before } = await users.getUsers({ pageSize: 1 });
    const result = await users.deleteUser(created.bob.id);
    assert.deepEqual(result, {});

    assertErrorBody(await rejection(users.getUser(created.bob.id)), 404, 'not.found');

    const deleted = await users.getUser(created.bob.id, { state: 'deleted' });
    assert.equal(deleted.id, created.bob.id);
    assert.equal(deleted.state, 'deleted');

    const { total: after } = await users.getUsers({ pageSize: 1 });
    assert.equal(after, before - 1);
    const { entities } = await users.getUsers({ id: [created.bob.id], state: 'deleted' });
    assert.deepEqual(entities.map((u) => u.id), [created.bob.id]);
  });

  it('surfaces a bad request as a 400 ErrorBody', async () => {
    const missingEmail = await rejection(users.postUsers({ name: 'No Email' }));
    assertErrorBody(missingEmail, 400, 'invalid.value');
    assert.equal(missingEmail.details[0].fieldName, 'email');

    assertErrorBody(await rejection(users.getUsers({ pageSize: 0 })), 400, 'bad.request');
    assertErrorBody(await rejection(users.getUsers({ pageSize: 501 })), 400, 'bad.request');

    const tooMany = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    assertErrorBody(await rejection(users.getUsers({ id: tooMany })), 400, 'max.user.ids');

    assertErrorBody(
      await rejection(users.postUsers({ name: 'Alice Again', email: 'alice@e2e.example.com' })),
      409, 'general.conflict');
  });

  it('reports the HTTP status and correlation id with extended responses', async () => {
    client.setReturnExtendedResponses(true);
    try {
      const ok = await users.getUser(created.alice.id);
      assert.equal(ok.status, 200);
      assert.match(ok.headers['content-type'], /^application\/json/);
      assert.ok(ok.headers['inin-correlation-id']);
      assert.equal(ok.body.id, created.alice.id);

      const err = await rejection(users.getUser('5e3c1cf6-9a3b-4a4e-9b6e-2f0c3e4a5b6c'));
      assert.equal(err.status, 404);
      assert.equal(err.body.status, 404);
      assert.equal(err.body.code, 'not.found');
      assert.equal(err.body.contextId, err.headers['inin-correlation-id']);

      const echoed = await users.getUser(created.alice.id, { customHeaders: { 'ININ-Correlation-Id': 'e2e-corr-1' } });
      assert.equal(echoed.headers['inin-correlation-id'], 'e2e-corr-1');
    } finally {
      client.setReturnExtendedResponses(false);
    }
  });

  it('rejects calls without a valid token', async () => {
    const token = client.authData.accessToken;
    try {
      client.setAccessToken('not-a-token');
      assertErrorBody(await rejection(users.getUsers()), 401, 'bad.credentials');
    } finally {
      client.setAccessToken(token);
    }
    const page = await users.getUsers();
    assert.ok(page.total >= 1);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    const exit = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve(null), STOP_TIMEOUT_MS).unref()),
    ]);
    assert.ok(exit, `server still running ${STOP_TIMEOUT_MS} ms after SIGTERM`);
    assert.deepEqual(exit, { code: 0, signal: null }, `stderr: ${server.stderr}`);
  });
});
