'use strict';
// End-to-end: the directory through the official Genesys SDK's UsersApi:
// hierarchy (superiors, direct reports, adjacents), profiles and the field
// configuration, favorites, profile skills, invitations, and getUsers/getUser
// with expands and the jabberId filter.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

describe('UsersApi directory through the Genesys SDK', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const users = new platformClient.UsersApi();
  const people = {};

  const create = async (name, extra = {}) => {
    const email = `${name.toLowerCase()}@example.com`;
    const u = await users.postUsers({ name, email, ...extra });
    assert.match(u.id, UUID);
    return u;
  };

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-dir-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database, 'Directory E2E');
    server = startServer(database);
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: await server.port });
    await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    // boss <- mid <- (low, peer)
    people.boss = await create('Boss');
    people.mid = await create('Mid', { manager: people.boss.id });
    people.low = await create('Low', { manager: people.mid.id });
    people.peer = await create('Peer', { manager: people.mid.id });
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('getUserSuperiors answers the chain upward, nearest first', async () => {
    const chain = await users.getUserSuperiors(people.low.id, { expand: ['profileSkills'] });
    assert.deepEqual(chain.map((u) => u.name), ['Mid', 'Boss']);
    assert.deepEqual(chain[0].profileSkills, []);
    assert.deepEqual(await users.getUserSuperiors(people.boss.id), []);
    assertErrorBody(await rejection(users.getUserSuperiors('00000000-0000-4000-8000-000000000000')), 404, 'not.found');
  });

  it('getUserDirectreports answers the direct reports by name', async () => {
    const reports = await users.getUserDirectreports(people.mid.id, { expand: ['authorization'] });
    assert.deepEqual(reports.map((u) => u.name), ['Low', 'Peer']);
    assert.ok(Array.isArray(reports[0].authorization.roles));
  });

  it('getUserAdjacents answers superiors, siblings and direct reports', async () => {
    const adj = await users.getUserAdjacents(people.low.id);
    assert.deepEqual(adj.superiors.map((u) => u.name), ['Mid']);
    assert.deepEqual(adj.siblings.map((u) => u.name), ['Peer']);
    assert.deepEqual(adj.directReports, []);
  });

  it('putUserProfileskills replaces the skills and getUserProfileskills reads them', async () => {
    assert.deepEqual(await users.getUserProfileskills(people.low.id), []);
    const put = await users.putUserProfileskills(people.low.id, ['Knots', 'Sailing', 'knots']);
    assert.deepEqual(put, ['Knots', 'Sailing']);
    assert.deepEqual(await users.getUserProfileskills(people.low.id), ['Knots', 'Sailing']);
    const bad = await rejection(users.putUserProfileskills(people.low.id, ['ok', '  ']));
    assertErrorBody(bad, 400, 'invalid.value');
  });

  it('getUserProfile and getProfilesUsers answer profiles, with expands', async () => {
    const p = await users.getUserProfile(people.low.id, { expand: ['profileSkills', 'authorization'] });
    assert.equal(p.id, people.low.id);
    assert.equal(p.name, 'Low');
    assert.deepEqual(p.expands.profileSkills, ['Knots', 'Sailing']);
    assert.ok(Array.isArray(p.expands.authorization.permissions));
    const listing = await users.getProfilesUsers({ id: [people.low.id, people.peer.id], pageSize: 10 });
    assert.deepEqual(listing.entities.map((e) => e.name), ['Low', 'Peer']);
    assert.equal(listing.total, 2);
  });

  it('getFieldconfig answers the person fields', async () => {
    const fc = await users.getFieldconfig('person');
    assert.equal(fc.entityType, 'person');
    const keys = fc.sections.flatMap((s) => s.fieldList.map((f) => f.key));
    for (const k of ['name', 'email', 'title', 'department', 'addresses']) assert.ok(keys.includes(k), k);
    assertErrorBody(await rejection(users.getFieldconfig('group')), 400, 'bad.entity.type');
  });

  it('getUserFavorites answers an empty listing', async () => {
    const favs = await users.getUserFavorites(people.low.id, { pageSize: 10 });
    assert.deepEqual(favs.entities, []);
    assert.equal(favs.total, 0);
  });

  it('getUsers and getUser apply expands', async () => {
    const listing = await users.getUsers({
      id: [people.low.id, people.boss.id],
      expand: ['profileSkills', 'authorization', 'groups', 'locations'],
    });
    const low = listing.entities.find((u) => u.id === people.low.id);
    assert.deepEqual(low.profileSkills, ['Knots', 'Sailing']);
    assert.deepEqual(low.groups, []);
    assert.deepEqual(low.locations, []);
    assert.ok(Array.isArray(low.authorization.unusedRoles));
    const one = await users.getUser(people.boss.id, { expand: ['profileSkills', 'dateLastLogin'] });
    assert.deepEqual(one.profileSkills, []);
    assert.equal(one.dateLastLogin, undefined);
    assertErrorBody(await rejection(users.getUser(people.boss.id, { expand: ['nonsense'] })), 400, 'invalid.value');
  });

  it('getUsers finds users by jabberId', async () => {
    const jids = [people.mid.chat.jabberId, people.peer.chat.jabberId];
    const listing = await users.getUsers({ jabberId: jids });
    assert.deepEqual(listing.entities.map((u) => u.name), ['Mid', 'Peer']);
    const none = await users.getUsers({ jabberId: ['nobody@elsewhere.example'] });
    assert.equal(none.total, 0);
    const both = await rejection(users.getUsers({ id: [people.mid.id], jabberId: jids }));
    assertErrorBody(both, 400, 'invalid.value');
  });

  it('postUserInvite sends an invitation, force replaces an outstanding one', async () => {
    await users.postUserInvite(people.peer.id);
    assertErrorBody(await rejection(users.postUserInvite(people.peer.id)), 409, 'general.conflict');
    await users.postUserInvite(people.peer.id, { force: true });
    assertErrorBody(await rejection(users.postUserInvite('00000000-0000-4000-8000-000000000000')), 404, 'not.found');
    // Without SMTP the message is written to the server's log, link included.
    let links = [];
    for (let i = 0; i < 100 && links.length < 2; i++) {
      links = server.stderr.match(/http:\/\/127\.0\.0\.1:\d+\/invitations\/[A-Za-z0-9_-]+/g) || [];
      if (links.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(links.length, 2, server.stderr);
    const first = await fetch(links[0]);
    assert.equal(first.status, 410);
    const second = await fetch(links[1]);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('x-frame-options'), 'DENY');
  });
});
