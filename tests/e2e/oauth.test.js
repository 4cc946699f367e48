'use strict';
// End-to-end: OAuth clients (OAuthApi) and tokens (TokensApi) through the
// official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2),
// unchanged, against a real roleplane server on an ephemeral loopback port.
//
// Run with `node --test oauth.test.js`; ROLEPLANE_BIN names the server binary
// (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

function assertClient(c) {
  assert.match(c.id, UUID);
  assert.equal(typeof c.name, 'string');
  assert.equal(typeof c.authorizedGrantType, 'string');
  assert.equal(typeof c.accessTokenValiditySeconds, 'number');
  assert.ok(Array.isArray(c.registeredRedirectUri));
  assert.ok(Array.isArray(c.roleIds));
  assert.ok(Array.isArray(c.roleDivisions));
  for (const rd of c.roleDivisions) {
    assert.equal(typeof rd.roleId, 'string');
    assert.equal(typeof rd.divisionId, 'string');
  }
  assert.ok(['active', 'disabled', 'inactive'].includes(c.state));
  assert.ok(!Number.isNaN(Date.parse(c.dateCreated)));
  assert.ok(!Number.isNaN(Date.parse(c.dateModified)));
  assert.equal(typeof c.createdBy.id, 'string');
  assert.equal(c.selfUri, `/api/v2/oauth/clients/${c.id}`);
}

describe('OAuthApi and TokensApi through the Genesys SDK', () => {
  let tmp;
  let server;
  let admin;
  const client = platformClient.ApiClient.instance;
  const oauth = new platformClient.OAuthApi();
  const tokens = new platformClient.TokensApi();
  const users = new platformClient.UsersApi();
  const authz = new platformClient.AuthorizationApi();
  const state = {};

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-oauth-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    admin = bootstrap(database, 'E2E OAuth');
    server = startServer(database);
    const port = await server.port;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
    await client.loginClientCredentialsGrant(admin.clientId, admin.clientSecret);
    const roles = await authz.getAuthorizationRoles({ name: 'employee' });
    state.employee = roles.entities.find((r) => r.name === 'employee').id;
    state.home = (await authz.getAuthorizationDivisionsHome()).id;
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('postOauthClients creates a limited client and shows its secret once', async () => {
    const created = await oauth.postOauthClients({
      name: 'E2E reporting',
      description: 'Reads users',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 3600,
      roleDivisions: [{ roleId: state.employee, divisionId: state.home }],
    });
    assertClient(created);
    assert.equal(created.name, 'E2E reporting');
    assert.equal(created.accessTokenValiditySeconds, 3600);
    assert.deepEqual(created.roleIds, [state.employee]);
    assert.deepEqual(created.roleDivisions, [{ roleId: state.employee, divisionId: state.home }]);
    assert.equal(created.createdBy.id, admin.clientId);
    assert.equal(typeof created.secret, 'string');
    assert.ok(created.secret.length >= 43);
    state.created = created;

    const got = await oauth.getOauthClient(created.id);
    assertClient(got);
    assert.equal(got.secret, undefined);
    const listing = await oauth.getOauthClients();
    assert.equal(listing.total, 2);
    listing.entities.forEach(assertClient);
    assert.ok(listing.entities.some((c) => c.id === created.id));
  });

  it('putOauthClient changes a client; bad requests are 400 and unknown ids 404', async () => {
    const updated = await oauth.putOauthClient(state.created.id, {
      name: 'E2E reporting v2',
      description: 'Reads users daily',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: state.employee, divisionId: state.home }],
    });
    assertClient(updated);
    assert.equal(updated.name, 'E2E reporting v2');
    assert.equal(updated.accessTokenValiditySeconds, 86400);
    assert.equal(updated.secret, undefined);

    const bad = await rejection(oauth.postOauthClients({ name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 10 }));
    assertErrorBody(bad, 400, 'invalid.value');
    assert.equal(bad.details[0].fieldName, 'accessTokenValiditySeconds');
    const missing = await rejection(oauth.getOauthClient('00000000-0000-4000-8000-000000000000'));
    assertErrorBody(missing, 404, 'not.found');
  });

  it('postOauthClientSecret replaces the secret at once', async () => {
    const rotated = await oauth.postOauthClientSecret(state.created.id);
    assert.equal(rotated.id, state.created.id);
    assert.notEqual(rotated.secret, state.created.secret);
    await assert.rejects(client.loginClientCredentialsGrant(state.created.id, state.created.secret));
    state.secret = rotated.secret;
  });

  it('a limited client is judged on its roles; getTokensMe and deleteTokensMe', async () => {
    await client.loginClientCredentialsGrant(state.created.id, state.secret);
    const me = await tokens.getTokensMe();
    assert.equal(me.OAuthClient.id, state.created.id);
    assert.equal(me.OAuthClient.name, 'E2E reporting v2');
    assert.equal(me.organization.name, 'E2E OAuth');
    assert.equal(me.homeOrganization.id, me.organization.id);
    assert.ok(Array.isArray(me.authorizedScope));
    await users.getUsers({ pageSize: 25 });
    assertErrorBody(await rejection(users.postUsers({ name: 'No', email: 'no@e2e.example.com' })), 403,
      'missing.any.permissions');
    assertErrorBody(await rejection(oauth.getOauthClients()), 403, 'missing.any.permissions');

    await tokens.deleteTokensMe();
    assertErrorBody(await rejection(tokens.getTokensMe()), 401, 'bad.credentials');
  });

  it('deleteToken revokes a user\'s tokens; deleteOauthClient revokes the client\'s', async () => {
    await client.loginClientCredentialsGrant(admin.clientId, admin.clientSecret);
    const user = await users.postUsers({ name: 'E2E Token Holder', email: 'holder@e2e.example.com' });
    await tokens.deleteToken(user.id);
    assertErrorBody(await rejection(tokens.deleteToken('00000000-0000-4000-8000-000000000000')), 404, 'not.found');

    await client.loginClientCredentialsGrant(state.created.id, state.secret);
    await users.getUsers({ pageSize: 1 });
    const limitedToken = client.authData.accessToken;
    await client.loginClientCredentialsGrant(admin.clientId, admin.clientSecret);
    await oauth.deleteOauthClient(state.created.id);
    assertErrorBody(await rejection(oauth.getOauthClient(state.created.id)), 404, 'not.found');
    client.setAccessToken(limitedToken);
    assertErrorBody(await rejection(users.getUsers({ pageSize: 1 })), 401, 'bad.credentials');
    await client.loginClientCredentialsGrant(admin.clientId, admin.clientSecret);
  });
});
