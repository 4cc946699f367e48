'use strict';
// End-to-end: UsersApi.postUsersSearch and getUsersSearch (q64 page links)
// through the official Genesys JavaScript SDK against a real roleplane server.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

describe('Genesys SDK: users search', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const users = new platformClient.UsersApi();
  const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Barbara Liskov', 'Edsger Dijkstra'];

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-search-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database);
    server = startServer(database);
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: await server.port });
    await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    for (const name of names) {
      const email = `${name.split(' ')[0].toLowerCase()}@search.example`;
      await users.postUsers({ name, email, title: name.startsWith('A') ? 'Analyst' : 'Engineer' });
    }
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('postUsersSearch finds users by a name prefix', async () => {
    const found = await users.postUsersSearch({
      query: [{ type: 'STARTS_WITH', fields: ['name'], value: 'a' }],
    });
    assert.equal(found.total, 2);
    assert.deepEqual(found.types, ['users']);
    assert.deepEqual(found.results.map((u) => u.name), ['Ada Lovelace', 'Alan Turing']);
    assert.equal(found.results[0].email, 'ada@search.example');
  });

  it('postUsersSearch combines criteria and groups', async () => {
    const found = await users.postUsersSearch({
      query: [
        { type: 'EXACT', fields: ['title'], value: 'Engineer' },
        { group: [
          { type: 'TERM', fields: ['name'], value: 'hopper', operator: 'OR' },
          { type: 'CONTAINS', fields: ['email'], value: 'barb', operator: 'OR' },
        ] },
      ],
      sortBy: 'name',
      sortOrder: 'DESC',
    });
    assert.deepEqual(found.results.map((u) => u.name), ['Grace Hopper', 'Barbara Liskov']);
  });

  it('getUsersSearch follows the q64 page links to the end', async () => {
    let page = await users.postUsersSearch({ pageSize: 2, query: [{ type: 'MATCH_ALL' }] });
    assert.equal(page.pageCount, 3);
    const seen = page.results.map((u) => u.name);
    while (page.nextPage) {
      const q64 = new URL(page.nextPage, 'http://x').searchParams.get('q64');
      page = await users.getUsersSearch(q64, { expand: ['authorization'] });
      seen.push(...page.results.map((u) => u.name));
    }
    assert.equal(page.pageNumber, 3);
    assert.deepEqual(seen, [...names].sort());
  });

  it('answers a bad criterion with a 400 ErrorBody', async () => {
    const err = await rejection(users.postUsersSearch({ query: [{ type: 'FUZZY', fields: ['name'], value: 'x' }] }));
    assertErrorBody(err, 400, 'invalid.value');
  });
});
