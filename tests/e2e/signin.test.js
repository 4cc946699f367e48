'use strict';
// End-to-end: a user signs in (the /oauth/authorize form, over HTTP as a
// browser would post it), the official Genesys Cloud JavaScript SDK
// (purecloud-platform-client-v2) redeems the code (authorizePKCEGrant,
// loginCodeAuthorizationGrant, refreshCodeAuthorizationGrant), and the
// UsersApi methods for the signed-in user and passwords run with the user's
// token: getUsersMe, postUsersMePassword, postUserPassword.
//
// Run with `node --test signin.test.js`; ROLEPLANE_BIN names the server binary
// (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody, pkce,
  browserSignIn } = require('./harness');

const REDIRECT = 'https://app.example.com/callback';
const PASSWORD = 'correct horse battery';

describe('Sign-in and passwords through the Genesys SDK', () => {
  let tmp;
  let server;
  let base;
  let adminToken;
  const client = platformClient.ApiClient.instance;
  const oauth = new platformClient.OAuthApi();
  const users = new platformClient.UsersApi();
  const state = {};

  // Signs in through the form as a browser would; answers the code.
  async function signIn(email, password, challenge) {
    const res = await browserSignIn(base, { clientId: state.app.id, redirect: REDIRECT, email, password, challenge });
    assert.equal(res.status, 302, `sign-in answered ${res.status}: ${res.body}`);
    assert.ok(res.code, `no code: error=${res.error}`);
    return res.code;
  }

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-signin-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const admin = bootstrap(database, 'E2E Sign-in');
    server = startServer(database);
    const port = await server.port;
    base = `http://127.0.0.1:${port}`;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
    const auth = await client.loginClientCredentialsGrant(admin.clientId, admin.clientSecret);
    adminToken = auth.accessToken;
    state.app = await oauth.postOauthClients({
      name: 'E2E web app',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: [REDIRECT],
      roleDivisions: [],
    });
    state.user = await users.postUsers({ name: 'E2E Signer', email: 'signer@e2e.example.com', password: PASSWORD });
    assert.match(state.user.id, UUID);
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('getUsersMe answers the signed-in user (code redeemed with PKCE by authorizePKCEGrant)', async () => {
    const { verifier, challenge } = pkce();
    const code = await signIn('signer@e2e.example.com', PASSWORD, challenge);
    const auth = await client.authorizePKCEGrant(state.app.id, verifier, code, REDIRECT);
    assert.equal(typeof auth.accessToken, 'string');
    const me = await users.getUsersMe();
    assert.equal(me.id, state.user.id);
    assert.equal(me.email, 'signer@e2e.example.com');
    assert.equal(me.state, 'active');
    assert.equal(me.password, undefined);
    state.userToken = auth.accessToken;

    client.setAccessToken(adminToken);
    const notAUser = await rejection(users.getUsersMe());
    assertErrorBody(notAUser, 400, 'not.a.user');
  });

  it('loginCodeAuthorizationGrant and refreshCodeAuthorizationGrant rotate the refresh token', async () => {
    const code = await signIn('signer@e2e.example.com', PASSWORD);
    const first = await client.loginCodeAuthorizationGrant(state.app.id, state.app.secret, code, REDIRECT);
    const firstRefresh = first.refreshToken;
    assert.equal(typeof firstRefresh, 'string');
    assert.equal((await users.getUsersMe()).id, state.user.id);
    const second = await client.refreshCodeAuthorizationGrant(state.app.id, state.app.secret, firstRefresh);
    assert.notEqual(second.refreshToken, firstRefresh);
    assert.equal((await users.getUsersMe()).id, state.user.id);
    const reused = await rejection(client.refreshCodeAuthorizationGrant(state.app.id, state.app.secret, firstRefresh));
    assert.equal(reused.response.status, 400);
    assert.equal(reused.response.data.error, 'invalid_grant');
  });

  it('postUsersMePassword changes the password with the old one', async () => {
    client.setAccessToken(state.userToken);
    const wrong = await rejection(users.postUsersMePassword({ oldPassword: 'not it', newPassword: 'a new password 1' }));
    assertErrorBody(wrong, 400, 'invalid.value');
    assert.equal(wrong.details[0].fieldName, 'oldPassword');
    const weak = await rejection(users.postUsersMePassword({ oldPassword: PASSWORD, newPassword: 'short' }));
    assertErrorBody(weak, 400, 'invalid.value');
    assert.equal(weak.details[0].fieldName, 'newPassword');
    await users.postUsersMePassword({ oldPassword: PASSWORD, newPassword: 'a new password 1' });
    assert.equal((await users.getUsersMe()).id, state.user.id, 'the session that changed it goes on');
    assert.ok(await signIn('signer@e2e.example.com', 'a new password 1'));
  });

  it('postUserPassword sets a password with directory:user:setPassword only', async () => {
    client.setAccessToken(state.userToken);
    const denied = await rejection(users.postUserPassword(state.user.id, { newPassword: 'set by myself 1' }));
    assertErrorBody(denied, 403, 'missing.any.permissions');

    client.setAccessToken(adminToken);
    const missing = await rejection(users.postUserPassword('00000000-0000-4000-8000-000000000000',
      { newPassword: 'set by the admin' }));
    assertErrorBody(missing, 404, 'not.found');
    await users.postUserPassword(state.user.id, { newPassword: 'set by the admin' });

    // The SDK answers a 401 by refreshing when it holds a refresh token (the
    // one from the previous test, revoked too): without one, it reports the 401.
    client.authData.refreshToken = '';
    client.setAccessToken(state.userToken);
    const ended = await rejection(users.getUsersMe());
    assertErrorBody(ended, 401, 'bad.credentials');
    assert.ok(await signIn('signer@e2e.example.com', 'set by the admin'));
  });
});
