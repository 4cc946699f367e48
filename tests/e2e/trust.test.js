'use strict';
// End-to-end: organization authorization (trusts) through the official Genesys
// Cloud JavaScript SDK (purecloud-platform-client-v2), the acceptance scenario
// of the trust spec (§11): three organizations on one server, A the trustor,
// B the trustee, C the configured Customer Care organization. B pairs, A
// trusts, both sides manage members and roles, B's user signs in to A with
// `target` (the browser half over HTTP as loginPKCEGrant would send it, the
// code redeemed by authorizePKCEGrant), clones, audits, permissions, errors,
// limits, disable / expire / renew / delete, the default Care trust, bulk
// deletes, and finally the 10-second pairing expires.
//
// Run with `node --test trust.test.js`; ROLEPLANE_BIN names the server binary
// (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody, pkce,
  browserSignIn } = require('./harness');

const REDIRECT = 'https://app.example.com/callback';
const PASSWORD = 'correct horse battery';
const PAIRING_LIFETIME_MS = 10000;
const NOWHERE = '00000000-0000-4000-8000-000000000000';
const AUTHZ = '/api/v2/orgauthorization';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (list) => list.map((e) => e.id);

describe('Organization authorization (trusts) through the Genesys SDK', () => {
  let tmp;
  let server;
  let base;
  const client = platformClient.ApiClient.instance;
  const orgauth = new platformClient.OrganizationAuthorizationApi();
  const users = new platformClient.UsersApi();
  const groups = new platformClient.GroupsApi();
  const authz = new platformClient.AuthorizationApi();
  const oauth = new platformClient.OAuthApi();
  const tokens = new platformClient.TokensApi();
  const A = {};
  const B = {};
  const C = {};
  const state = {};

  // Calls as `token` from now on. The SDK retries a 401 by refreshing when it
  // holds a refresh token: never here, a 401 is reported as it comes.
  function as(token) {
    client.authData.refreshToken = '';
    client.setAccessToken(token);
  }

  async function raw(method, pathAndQuery, token, body) {
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${base}${pathAndQuery}`, { method, headers,
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  // The browser half of loginPKCEGrant(clientId, REDIRECT, { target }).
  function signIn(app, email, password, { target, challenge } = {}) {
    return browserSignIn(base, { clientId: app.id, redirect: REDIRECT, email, password, target, challenge,
      state: 'e2e-trust' });
  }

  // A full sign-in of one of B's users into `target`; the SDK redeems the
  // code with PKCE. Answers the access token (the client then uses it).
  async function trustSession(email, target = A.id) {
    const { verifier, challenge } = pkce();
    const res = await signIn(B.app, email, PASSWORD, { target, challenge });
    assert.equal(res.status, 302, `sign-in answered ${res.status}: ${res.body}`);
    assert.ok(res.code, `no code: error=${res.error}`);
    const auth = await client.authorizePKCEGrant(B.app.id, verifier, res.code, REDIRECT);
    assert.equal(typeof auth.accessToken, 'string');
    return auth.accessToken;
  }

  // The same, redeemed with the client's secret: {access, refresh}.
  async function trustSessionWithRefresh(email) {
    const res = await signIn(B.app, email, PASSWORD, { target: A.id });
    assert.equal(res.status, 302);
    assert.ok(res.code, `no code: error=${res.error}`);
    const auth = await client.loginCodeAuthorizationGrant(B.app.id, B.app.secret, res.code, REDIRECT);
    const pair = { access: auth.accessToken, refresh: auth.refreshToken };
    assert.equal(typeof pair.refresh, 'string');
    client.authData.refreshToken = '';
    return pair;
  }

  async function expectRefused(email, target = A.id, why = '') {
    const res = await signIn(B.app, email, PASSWORD, { target });
    assert.equal(res.status, 302, `${why}: ${res.body}`);
    assert.equal(res.error, 'access_denied', why);
    assert.equal(res.code, null, why);
  }

  async function expectSessionEnded(pair, why) {
    as(pair.access);
    assertErrorBody(await rejection(users.getUsers({ pageSize: 1 })), 401, 'bad.credentials');
    const refused = await rejection(client.refreshCodeAuthorizationGrant(B.app.id, B.app.secret, pair.refresh));
    assert.equal(refused.response?.status, 400, `${why}: refresh ${JSON.stringify(refused.response?.data)}`);
    assert.equal(refused.response.data.error, 'invalid_grant', why);
    client.authData.refreshToken = '';
  }

  async function newPairing(userIds = [B.bea.id]) {
    as(B.token);
    return orgauth.postOrgauthorizationPairings({ userIds });
  }

  async function login(creds) {
    const auth = await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    return auth.accessToken;
  }

  async function roleIds(token) {
    as(token);
    const listing = await authz.getAuthorizationRoles({ pageSize: 100 });
    return Object.fromEntries(listing.entities.map((r) => [r.name, r.id]));
  }

  async function codeApp(token, name) {
    as(token);
    return oauth.postOauthClients({ name, authorizedGrantType: 'CODE', registeredRedirectUri: [REDIRECT],
      roleDivisions: [] });
  }

  async function makeUser(token, name, email, extra = {}) {
    as(token);
    const user = await users.postUsers({ name, email, ...extra });
    assert.match(user.id, UUID);
    return user;
  }

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-trust-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    A.creds = bootstrap(database, 'E2E Trustor A');
    B.creds = bootstrap(database, 'E2E Trustee B');
    C.creds = bootstrap(database, 'E2E Care C');
    A.id = A.creds.organizationId;
    B.id = B.creds.organizationId;
    C.id = C.creds.organizationId;
    const config = path.join(tmp, 'roleplane.toml');
    fs.writeFileSync(config, `[trust]\ncustomer_care_org = "${C.id}"\npairing_lifetime_seconds = 10\n`);
    server = startServer(database, { config });
    const port = await server.port;
    base = `http://127.0.0.1:${port}`;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
    A.token = await login(A.creds);
    B.token = await login(B.creds);
    C.token = await login(C.creds);

    // A: its roles, a division besides Home, a user of its own, a CODE client.
    A.roles = await roleIds(A.token);
    as(A.token);
    A.home = (await authz.getAuthorizationDivisionsHome()).id;
    A.field = (await authz.postAuthorizationDivisions({ name: 'E2E Field' })).id;
    A.tom = await makeUser(A.token, 'Tom Trustor', 'tom@a.example.com', { password: PASSWORD });
    A.app = await codeApp(A.token, 'E2E A web app');

    // B: its users (with passwords where they sign in), two groups, a CODE client.
    B.roles = await roleIds(B.token);
    B.app = await codeApp(B.token, 'E2E B web app');
    B.bea = await makeUser(B.token, 'Bea Trustee', 'bea@b.example.com', { password: PASSWORD });
    B.gus = await makeUser(B.token, 'Gus Grouped', 'gus@b.example.com', { password: PASSWORD });
    B.dan = await makeUser(B.token, 'Dan Requested', 'dan@b.example.com', { password: PASSWORD });
    B.eve = await makeUser(B.token, 'Eve Added', 'eve@b.example.com');
    B.nobody = await makeUser(B.token, 'Nobody Untrusted', 'nobody@b.example.com', { password: PASSWORD });
    B.clones = [];
    for (let i = 1; i <= 5; i += 1) B.clones.push(await makeUser(B.token, `Kim Clone ${i}`, `kim${i}@b.example.com`));
    as(B.token);
    B.group = await groups.postGroups({ name: 'E2E Trusted', type: 'official', rulesVisible: true,
      visibility: 'public' });
    await groups.postGroupMembers(B.group.id, { memberIds: [B.gus.id, ...ids(B.clones)], version: B.group.version });
    B.second = await groups.postGroups({ name: 'E2E Second', type: 'official', rulesVisible: true,
      visibility: 'public' });

    // C: a Customer Care user who signs in through C's CODE client.
    C.app = await codeApp(C.token, 'E2E C web app');
    C.cara = await makeUser(C.token, 'Cara Care', 'cara@c.example.com', { password: PASSWORD });
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('postOrgauthorizationPairings: B proves consent; getOrgauthorizationPairing reads it from either side', async () => {
    as(B.token);
    const pairing = await orgauth.postOrgauthorizationPairings({ userIds: [B.bea.id, B.bea.id], groupIds: [B.group.id] });
    state.pairingMadeAt = Date.now();
    assert.match(pairing.id, UUID);
    assert.equal(pairing.trustee.id, B.id);
    assert.deepEqual(ids(pairing.users), [B.bea.id], 'duplicates collapse');
    assert.deepEqual(ids(pairing.groups), [B.group.id]);
    assert.equal(typeof pairing.dateCreated, 'string');
    assert.equal(pairing.createdBy, undefined, 'no createdBy for a client caller');
    assert.equal(pairing.selfUri, `${AUTHZ}/pairings/${pairing.id}`);
    assert.equal((await orgauth.getOrgauthorizationPairing(pairing.id)).id, pairing.id);
    as(A.token);
    assert.deepEqual(ids((await orgauth.getOrgauthorizationPairing(pairing.id)).users), [B.bea.id]);
    state.pairing = pairing;

    as(B.token);
    const empty = await rejection(orgauth.postOrgauthorizationPairings({}));
    assert.equal(empty.status, 400, JSON.stringify(empty));
    const foreign = await rejection(orgauth.postOrgauthorizationPairings({ userIds: [A.tom.id] }));
    assert.equal(foreign.status, 400);
    assert.equal(foreign.details?.[0]?.fieldName, 'userIds[0]', JSON.stringify(foreign));
  });

  it('postOrgauthorizationTrustees: A trusts B with Bea holding employee, after refusing bad bodies', async () => {
    as(A.token);
    const pairingId = state.pairing.id;
    const bea = [{ id: B.bea.id, roleIds: [A.roles.employee] }];
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ enabled: true, users: bea })), 400,
      'pairing.id.required');
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId: NOWHERE, enabled: true,
      users: bea })), 400, 'pairing.id.required');
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true, users: bea,
      dateExpired: 'next tuesday' })), 400, 'invalid.date');
    const past = await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true, users: bea,
      dateExpired: '2020-01-01T00:00:00.000Z' }));
    assert.equal(past.status, 400);
    assert.equal(past.details?.[0]?.fieldName, 'dateExpired', JSON.stringify(past));
    const none = await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true }));
    assert.equal(none.status, 400);
    assert.equal(none.details?.[0]?.fieldName, 'users', JSON.stringify(none));
    const badRole = await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true,
      users: [{ id: B.bea.id, roleIds: [A.roles.employee, B.roles.employee] }] }));
    assert.equal(badRole.status, 400);
    assert.equal(badRole.details?.[0]?.fieldName, 'users[0].roleIds[1]', JSON.stringify(badRole));
    as(B.token);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true,
      users: [{ id: B.bea.id, roleIds: [B.roles.employee] }] })), 400, 'self.trust.not.allowed');

    as(A.token);
    const trustee = await orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true, users: bea });
    assert.equal(trustee.id, B.id);
    assert.equal(trustee.enabled, true);
    assert.equal(trustee.usesDefaultRole, false);
    assert.equal(trustee.hasFullAccess, false);
    assert.equal(trustee.isTrustedUser, false);
    assert.equal(trustee.organization.id, B.id);
    assert.equal(trustee.organization.name, 'E2E Trustee B');
    assert.equal(typeof trustee.dateCreated, 'string');
    assert.equal(trustee.dateExpired, undefined);
    assert.equal(trustee.selfUri, `${AUTHZ}/trustees/${B.id}`);

    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId, enabled: true, users: bea })),
      400, 'pairing.id.required', 'a used pairing');
    state.unusedPairing = await newPairing();
    as(A.token);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId: state.unusedPairing.id,
      enabled: true, users: bea })), 409, 'general.conflict');
    assert.equal((await orgauth.getOrgauthorizationPairing(pairingId)).id, pairingId, 'a used pairing stays readable');
  });

  it('both sides see the trust: getOrgauthorizationTrustees/Trustee, getOrgauthorizationTrustors/Trustor, members', async () => {
    as(A.token);
    const listing = await orgauth.getOrgauthorizationTrustees();
    assert.equal(listing.total, 1);
    assert.equal(listing.pageSize, 25);
    assert.equal(listing.pageNumber, 1);
    assert.deepEqual(ids(listing.entities), [B.id]);
    assert.equal(listing.selfUri, `${AUTHZ}/trustees?pageSize=25&pageNumber=1`);
    const one = await orgauth.getOrgauthorizationTrustee(B.id);
    assert.equal(one.organization.name, 'E2E Trustee B');
    assert.equal(one.enabled, true);

    const members = await orgauth.getOrgauthorizationTrusteeUsers(B.id);
    assert.deepEqual(ids(members.entities), [B.bea.id]);
    const bea = await orgauth.getOrgauthorizationTrusteeUser(B.id, B.bea.id);
    assert.equal(bea.name, 'Bea Trustee');
    assert.equal(bea.email, 'bea@b.example.com');
    assert.equal(typeof bea.trustUserDetails.dateCreated, 'string');
    const roles = await orgauth.getOrgauthorizationTrusteeUserRoles(B.id, B.bea.id);
    assert.deepEqual(roles.roles.map((r) => [r.id, r.name]), [[A.roles.employee, 'employee']]);
    assert.ok(roles.permissions.includes('directory:user:view'), JSON.stringify(roles.permissions));
    assert.deepEqual(roles.permissions, [...roles.permissions].sort());

    as(B.token);
    const trustors = await orgauth.getOrgauthorizationTrustors();
    assert.deepEqual(ids(trustors.entities), [A.id]);
    const trustor = await orgauth.getOrgauthorizationTrustor(A.id);
    assert.equal(trustor.enabled, true);
    assert.equal(trustor.organization.id, A.id);
    assert.equal(trustor.organization.name, 'E2E Trustor A');
    assert.equal(trustor.selfUri, `${AUTHZ}/trustors/${A.id}`);
    assert.equal(trustor.authorization, undefined, 'no authorization for a client caller');
    assert.deepEqual(ids((await orgauth.getOrgauthorizationTrustorUsers(A.id)).entities), [B.bea.id]);
    assert.equal((await orgauth.getOrgauthorizationTrustorUser(A.id, B.bea.id)).name, 'Bea Trustee');
  });

  it('B\'s user signs in to A with target: TokenInfo shows A and home B; employee\'s permissions, nothing more', async () => {
    const token = await trustSession('bea@b.example.com');
    const info = await tokens.getTokensMe();
    assert.equal(info.organization.id, A.id);
    assert.equal(info.organization.name, 'E2E Trustor A');
    assert.equal(info.homeOrganization.id, B.id);
    assert.equal(info.homeOrganization.name, 'E2E Trustee B');
    assert.equal(info.OAuthClient.id, B.app.id);
    assert.equal(info.OAuthClient.organization.id, B.id);
    assert.equal(info.clonedUser, undefined);

    const seen = ids((await users.getUsers({ pageSize: 100 })).entities);
    assert.ok(seen.includes(A.tom.id), 'A\'s users');
    assert.ok(!seen.includes(B.bea.id), 'not B\'s');
    assertErrorBody(await rejection(users.getUser(B.bea.id)), 404, 'not.found');
    assertErrorBody(await rejection(authz.getAuthorizationRoles()), 403, 'missing.any.permissions');
    assert.equal((await users.getUsersMe()).id, B.bea.id, 'users/me answers the home record');
    assertErrorBody(await rejection(users.postUsersMePassword({ oldPassword: PASSWORD, newPassword: 'another one 1' })),
      400, 'not.a.user');
    state.beaToken = token;

    await expectRefused('bea@b.example.com', C.id, 'no trust C→B');
    await expectRefused('bea@b.example.com', NOWHERE, 'no such organization');
    await expectRefused('nobody@b.example.com', A.id, 'not a member');
    const wrong = await signIn(B.app, 'bea@b.example.com', 'not the password', { target: A.id });
    assert.equal(wrong.status, 401, 'a wrong password shows the form again');
  });

  it('role changes take effect at once: putOrgauthorizationTrusteeUserRoles and ...Roledivisions', async () => {
    as(A.token);
    const member = await orgauth.putOrgauthorizationTrusteeUserRoles(B.id, B.bea.id, [A.roles.ORG_MEMBER]);
    assert.deepEqual(member.roles.map((r) => r.name), ['ORG_MEMBER']);
    as(state.beaToken);
    assert.ok((await authz.getAuthorizationRoles()).total >= 9, 'ORG_MEMBER may view roles');

    as(A.token);
    const scoped = await orgauth.putOrgauthorizationTrusteeUserRoledivisions(B.id, B.bea.id, { grants: [
      { roleId: A.roles.supervisor, divisionId: A.field }, { roleId: A.roles.employee, divisionId: '*' }] });
    assert.deepEqual(scoped.roles.map((r) => r.name).sort(), ['employee', 'supervisor']);
    assert.ok(scoped.permissions.includes('directory:user:add'));
    as(state.beaToken);
    assertErrorBody(await rejection(authz.getAuthorizationRoles()), 403, 'missing.any.permissions');
    const made = await users.postUsers({ name: 'Fay Fieldworker', email: 'fay@a.example.com', divisionId: A.field });
    assert.equal(made.division.id, A.field);
    state.fay = made;
    assertErrorBody(await rejection(users.postUsers({ name: 'Hal Home', email: 'hal@a.example.com',
      divisionId: A.home })), 403, 'missing.any.permissions');

    as(A.token);
    const read = await orgauth.getOrgauthorizationTrusteeUserRoles(B.id, B.bea.id);
    assert.deepEqual(read.roles.map((r) => r.name).sort(), ['employee', 'supervisor']);
    const badRole = await rejection(orgauth.putOrgauthorizationTrusteeUserRoles(B.id, B.bea.id, [B.roles.admin]));
    assert.equal(badRole.status, 400, JSON.stringify(badRole));
    const badDivision = await rejection(orgauth.putOrgauthorizationTrusteeUserRoledivisions(B.id, B.bea.id,
      { grants: [{ roleId: A.roles.employee, divisionId: NOWHERE }] }));
    assert.equal(badDivision.status, 400);
    assert.match(String(badDivision.details?.[0]?.fieldName), /grants\[0\]\.divisionId$/, JSON.stringify(badDivision));
  });

  it('trusted groups: putOrgauthorizationTrustorGroup (B), group roles (A), membership read live from B', async () => {
    as(B.token);
    const asked = await orgauth.putOrgauthorizationTrustorGroup(A.id, B.group.id);
    assert.equal(asked.id, B.group.id);
    assert.equal(asked.name, 'E2E Trusted');
    assert.equal(asked.memberCount, 6);
    assert.equal(typeof asked.dateCreated, 'string');
    assertErrorBody(await rejection(orgauth.putOrgauthorizationTrustorGroup(A.id, B.group.id)), 409, 'general.conflict');
    assert.deepEqual(ids((await orgauth.getOrgauthorizationTrustorGroups(A.id)).entities), [B.group.id]);
    assert.equal((await orgauth.getOrgauthorizationTrustorGroup(A.id, B.group.id)).name, 'E2E Trusted');

    as(A.token);
    assert.deepEqual(ids((await orgauth.getOrgauthorizationTrusteeGroups(B.id)).entities), [B.group.id]);
    assert.equal((await orgauth.getOrgauthorizationTrusteeGroup(B.id, B.group.id)).memberCount, 6);
    assert.deepEqual((await orgauth.getOrgauthorizationTrusteeGroupRoles(B.id, B.group.id)).roles, []);
    await expectRefused('gus@b.example.com', A.id, 'a group without roles admits nobody');

    const granted = await orgauth.putOrgauthorizationTrusteeGroupRoles(B.id, B.group.id, [A.roles.employee]);
    assert.deepEqual(granted.roles.map((r) => r.name), ['employee']);
    const gusToken = await trustSession('gus@b.example.com');
    assert.equal((await tokens.getTokensMe()).organization.id, A.id);
    as(A.token);
    const home = await orgauth.putOrgauthorizationTrusteeGroupRoledivisions(B.id, B.group.id, { grants: [
      { roleId: A.roles.employee, divisionId: A.home }] });
    assert.deepEqual(home.roles.map((r) => r.name), ['employee']);
    as(gusToken);
    await users.getUsers({ pageSize: 1 });

    as(B.token);
    await groups.deleteGroupMembers(B.group.id, B.gus.id);
    as(gusToken);
    assertErrorBody(await rejection(users.getUsers({ pageSize: 1 })), 401, 'bad.credentials');
    await expectRefused('gus@b.example.com', A.id, 'no longer in the group');

    // A adds B's second group itself, then empties its roles and removes it.
    as(A.token);
    const second = await orgauth.postOrgauthorizationTrusteeGroups(B.id, { id: B.second.id, roleIds: [A.roles.employee] });
    assert.equal(second.id, B.second.id);
    assert.equal(second.memberCount, 0);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteeGroups(B.id, { id: B.second.id })), 409,
      'general.conflict');
    await orgauth.deleteOrgauthorizationTrusteeGroupRoles(B.id, B.second.id);
    assert.deepEqual((await orgauth.getOrgauthorizationTrusteeGroupRoles(B.id, B.second.id)).roles, []);
    await orgauth.deleteOrgauthorizationTrusteeGroup(B.id, B.second.id);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrusteeGroup(B.id, B.second.id)), 404, 'not.found');
  });

  it('members from either side: putOrgauthorizationTrustorUser (B, no roles), postOrgauthorizationTrusteeUsers (A)', async () => {
    as(B.token);
    const asked = await orgauth.putOrgauthorizationTrustorUser(A.id, B.dan.id);
    assert.equal(asked.id, B.dan.id);
    assert.equal(asked.name, 'Dan Requested');
    assert.equal(typeof asked.trustUserDetails.dateCreated, 'string');
    assertErrorBody(await rejection(orgauth.putOrgauthorizationTrustorUser(A.id, B.dan.id)), 409, 'general.conflict');
    assertErrorBody(await rejection(orgauth.putOrgauthorizationTrustorUser(A.id, NOWHERE)), 404, 'not.found');
    as(A.token);
    assert.deepEqual((await orgauth.getOrgauthorizationTrusteeUserRoles(B.id, B.dan.id)).roles, []);
    await expectRefused('dan@b.example.com', A.id, 'a member without roles');
    as(B.token);
    await orgauth.deleteOrgauthorizationTrustorUser(A.id, B.dan.id);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustorUser(A.id, B.dan.id)), 404, 'not.found');

    as(A.token);
    const eve = await orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: B.eve.id, roleIds: [A.roles.employee],
      roleDivisions: { grants: [{ roleId: A.roles.supervisor, divisionId: A.field }] } });
    assert.equal(eve.id, B.eve.id);
    assert.equal(eve.name, 'Eve Added');
    assert.deepEqual((await orgauth.getOrgauthorizationTrusteeUserRoles(B.id, B.eve.id)).roles.map((r) => r.name).sort(),
      ['employee', 'supervisor']);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: B.eve.id })), 409,
      'general.conflict');
    const notB = await rejection(orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: A.tom.id }));
    assert.equal(notB.status, 400);
    assert.equal(notB.details?.[0]?.fieldName, 'id', JSON.stringify(notB));
    const noDivision = await rejection(orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: B.dan.id,
      roleDivisions: { grants: [{ roleId: A.roles.employee }] } }));
    assert.equal(noDivision.status, 400);
    assert.equal(noDivision.details?.[0]?.fieldName, 'roleDivisions.grants[0].divisionId', JSON.stringify(noDivision));
    await orgauth.deleteOrgauthorizationTrusteeUserRoles(B.id, B.eve.id);
    assert.deepEqual((await orgauth.getOrgauthorizationTrusteeUserRoles(B.id, B.eve.id)).roles, []);
    await orgauth.deleteOrgauthorizationTrusteeUser(B.id, B.eve.id);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrusteeUser(B.id, B.eve.id)), 404, 'not.found');
  });

  it('getUserTrustors lists A for Bea with what she holds there; users/me?expand=trustors at home', async () => {
    as(B.token);
    const listing = await users.getUserTrustors(B.bea.id);
    assert.deepEqual(ids(listing.entities), [A.id]);
    const perms = listing.entities[0].authorization?.permissions;
    assert.ok(Array.isArray(perms), JSON.stringify(listing.entities[0]));
    assert.ok(perms.includes('directory:user:add') && perms.includes('directory:user:view'), JSON.stringify(perms));
    assert.ok(!perms.includes('authorization:role:view'));
    assert.deepEqual((await users.getUserTrustors(B.nobody.id)).entities, []);
    assertErrorBody(await rejection(users.getUserTrustors(A.tom.id)), 404, 'not.found');

    const res = await signIn(B.app, 'bea@b.example.com', PASSWORD);
    await client.loginCodeAuthorizationGrant(B.app.id, B.app.secret, res.code, REDIRECT);
    client.authData.refreshToken = '';
    const me = await users.getUsersMe({ expand: ['trustors'] });
    assert.deepEqual(ids(me.trustors), [A.id]);
  });

  it('cloned users: putOrgauthorizationTrustorCloneduser (idempotent), both lists, clonedUser in TokenInfo, 6th → 409', async () => {
    as(B.token);
    const clone = await orgauth.putOrgauthorizationTrustorCloneduser(A.id, B.bea.id);
    assert.match(clone.id, UUID);
    assert.notEqual(clone.id, B.bea.id);
    assert.equal(clone.name, 'Bea Trustee');
    assert.equal(clone.trustor.id, A.id);
    assert.equal(clone.selfUri, `${AUTHZ}/trustors/${A.id}/clonedusers/${B.bea.id}`);
    assert.equal((await orgauth.putOrgauthorizationTrustorCloneduser(A.id, B.bea.id)).id, clone.id, 'idempotent');
    const mine = await orgauth.getOrgauthorizationTrustorClonedusers(A.id);
    assert.equal(mine.total, 1);
    assert.deepEqual(ids(mine.entities), [clone.id]);
    assert.equal((await orgauth.getOrgauthorizationTrustorCloneduser(A.id, B.bea.id)).id, clone.id);
    assertErrorBody(await rejection(orgauth.putOrgauthorizationTrustorCloneduser(A.id, B.nobody.id)), 404, 'not.found');
    state.clone = clone;

    as(A.token);
    const theirs = await orgauth.getOrgauthorizationTrusteeClonedusers(B.id);
    assert.equal(theirs.total, 1);
    assert.deepEqual(ids(theirs.entities), [clone.id]);
    const native = await users.getUser(clone.id);
    assert.equal(native.email, 'bea@b.example.com');
    assert.equal(native.division.id, A.home);
    assert.equal(native.state, 'active');

    // No direct login into A; the trust sign-in acts as the clone.
    const direct = await signIn(A.app, 'bea@b.example.com', PASSWORD);
    assert.equal(direct.status, 401, 'a clone cannot sign in directly');
    state.beaToken = await trustSession('bea@b.example.com');
    const info = await tokens.getTokensMe();
    assert.equal(info.clonedUser?.id, clone.id, JSON.stringify(info));
    assert.equal(info.clonedUser.organization.id, A.id);
    assert.equal(info.homeOrganization.id, B.id);
    assert.equal((await users.getUsersMe()).id, clone.id, 'users/me answers the clone');

    // Group members may be cloned too; five per organization.
    as(B.token);
    const kims = [];
    for (const kim of B.clones.slice(0, 4)) kims.push(await orgauth.putOrgauthorizationTrustorCloneduser(A.id, kim.id));
    const sixth = await rejection(orgauth.putOrgauthorizationTrustorCloneduser(A.id, B.clones[4].id));
    assertErrorBody(sixth, 409, 'general.conflict');
    assert.equal(sixth.limit?.namespace, 'authorization', JSON.stringify(sixth));
    assert.equal(sixth.limit.value, 5);
    as(A.token);
    assert.equal((await orgauth.getOrgauthorizationTrusteeClonedusers(B.id)).total, 5);
    await orgauth.deleteOrgauthorizationTrusteeCloneduser(B.id, kims[3].id); // by the clone's own id
    as(B.token);
    await orgauth.deleteOrgauthorizationTrustorCloneduser(A.id, B.clones[2].id);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustorCloneduser(A.id, B.clones[2].id)), 404, 'not.found');
    assert.equal((await orgauth.getOrgauthorizationTrustorClonedusers(A.id)).total, 3);
    state.cloneIds = [clone.id, kims[0].id, kims[1].id];
  });

  it('audits: postOrgauthorizationTrusteesAudits (A) and postOrgauthorizationTrustorAudits (B) find the trust session', async () => {
    as(A.token);
    const scope = { trusteeOrganizationIds: [B.id], trusteeUserIds: [B.bea.id] };
    const all = await orgauth.postOrgauthorizationTrusteesAudits(scope, { pageSize: 100 });
    assert.equal(all.pageNumber, 1);
    assert.equal(all.pageSize, 100);
    const actions = all.auditMessages.map((m) => m.action);
    assert.ok(actions.includes('user.create'), JSON.stringify(actions));
    assert.ok(actions.includes('token.issue'), JSON.stringify(actions));
    assert.equal(all.total, all.auditMessages.length);
    for (const m of all.auditMessages) {
      assert.equal(m.user.id, B.bea.id);
      assert.equal(m.level, 'USER');
      assert.equal(m.status, 'SUCCESS');
    }
    const created = all.auditMessages.find((m) => m.action === 'user.create');
    assert.equal(created.entity.id, state.fay.id);
    assert.equal(created.serviceName, 'directory');
    assert.equal(created.user.name, 'Bea Trustee');
    assert.equal(created.application, 'E2E B web app');
    const stamps = all.auditMessages.map((m) => m.timestamp);
    assert.deepEqual(stamps, [...stamps].sort().reverse(), 'descending by default');
    state.auditTotal = all.total;

    const page2 = await orgauth.postOrgauthorizationTrusteesAudits(scope, { pageSize: 1, pageNumber: 2 });
    assert.equal(page2.auditMessages.length, 1);
    assert.equal(page2.total, all.total);
    assert.equal(page2.pageCount, all.total);
    assert.equal(page2.auditMessages[0].id, all.auditMessages[1].id);
    const ascending = await orgauth.postOrgauthorizationTrusteesAudits(scope, { pageSize: 100, sortOrder: 'ascending' });
    const up = ascending.auditMessages.map((m) => m.timestamp);
    assert.deepEqual(up, [...up].sort());
    assert.deepEqual(ids(ascending.auditMessages).sort(), ids(all.auditMessages).sort());
    const phrase = await orgauth.postOrgauthorizationTrusteesAudits({ ...scope, queryPhrase: 'fay fieldworker' });
    assert.deepEqual(phrase.auditMessages.map((m) => m.action), ['user.create']);
    const filtered = await orgauth.postOrgauthorizationTrusteesAudits({ ...scope, filters: [
      { name: 'action', type: 'STRING', operator: 'matches', values: ['user.create'] }],
    facets: [{ name: 'action', type: 'STRING' }] });
    assert.equal(filtered.total, 1);
    const facet = filtered.facetInfo.find((f) => f.name === 'action');
    assert.deepEqual(facet.entries, [{ value: 'user.create', count: 1 }]);
    const future = await orgauth.postOrgauthorizationTrusteesAudits({ ...scope, startDate: '2999-01-01T00:00:00.000Z' });
    assert.equal(future.total, 0);
    const today = new Date().toISOString().slice(0, 10);
    const ranged = await orgauth.postOrgauthorizationTrusteesAudits({ ...scope, startDate: `${today}T00:00:00.000Z`,
      endDate: `${today}T23:59:59.999Z` }, { pageSize: 100 });
    assert.equal(ranged.total, all.total);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteesAudits({ ...scope, startDate: 'soon' })), 400,
      'invalid.date');
    const reversed = await rejection(orgauth.postOrgauthorizationTrusteesAudits({ ...scope,
      startDate: '2030-01-02T00:00:00.000Z', endDate: '2030-01-01T00:00:00.000Z' }));
    assert.equal(reversed.status, 400);
    assert.equal((await rejection(orgauth.postOrgauthorizationTrusteesAudits(scope, { sortOrder: 'sideways' }))).status,
      400);
    const noUsers = await rejection(orgauth.postOrgauthorizationTrusteesAudits({ trusteeOrganizationIds: [B.id] }));
    assert.equal(noUsers.status, 400);
    assert.equal(noUsers.details?.[0]?.fieldName, 'trusteeUserIds', JSON.stringify(noUsers));

    as(B.token);
    const bScope = { trustorOrganizationId: A.id, trusteeUserIds: [B.bea.id] };
    const mine = await orgauth.postOrgauthorizationTrustorAudits(bScope, { pageSize: 100 });
    assert.deepEqual(ids(mine.auditMessages), ids(all.auditMessages));
    const bPage = await orgauth.postOrgauthorizationTrustorAudits(bScope, { pageSize: 2, pageNumber: 1,
      sortOrder: 'ascending' });
    assert.deepEqual(ids(bPage.auditMessages), ids(ascending.auditMessages).slice(0, 2));
    assert.equal((await orgauth.postOrgauthorizationTrustorAudits({ trustorOrganizationId: C.id,
      trusteeUserIds: [B.bea.id] })).total, 0, 'an organization that never trusted B: an empty page');
    assert.equal((await rejection(orgauth.postOrgauthorizationTrustorAudits({ trustorOrganizationId: 'not-an-id',
      trusteeUserIds: [B.bea.id] }))).status, 400);
  });

  it('403 for every operation without permissions; ALL vs ANY', async () => {
    as(A.token);
    const bare = await oauth.postOauthClients({ name: 'E2E no permissions', authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [] });
    const X = NOWHERE;
    const any = 'missing.any.permissions';
    const all = 'missing.permissions';
    const calls = [
      ['postOrgauthorizationPairings', () => orgauth.postOrgauthorizationPairings({ userIds: [X] }), any],
      ['getOrgauthorizationPairing', () => orgauth.getOrgauthorizationPairing(X), any],
      ['postOrgauthorizationTrustees', () => orgauth.postOrgauthorizationTrustees({ pairingId: X, enabled: true }), all],
      ['getOrgauthorizationTrustees', () => orgauth.getOrgauthorizationTrustees(), any],
      ['getOrgauthorizationTrustee', () => orgauth.getOrgauthorizationTrustee(X), any],
      ['putOrgauthorizationTrustee', () => orgauth.putOrgauthorizationTrustee(X, { enabled: true }), any],
      ['deleteOrgauthorizationTrustee', () => orgauth.deleteOrgauthorizationTrustee(X), any],
      ['deleteOrgauthorizationTrustees', () => orgauth.deleteOrgauthorizationTrustees([X]), any],
      ['getOrgauthorizationTrusteesDefault', () => orgauth.getOrgauthorizationTrusteesDefault(), any],
      ['postOrgauthorizationTrusteesDefault', () => orgauth.postOrgauthorizationTrusteesDefault({}), all],
      ['getOrgauthorizationTrusteeUsers', () => orgauth.getOrgauthorizationTrusteeUsers(X), any],
      ['postOrgauthorizationTrusteeUsers', () => orgauth.postOrgauthorizationTrusteeUsers(X, { id: X }), any],
      ['getOrgauthorizationTrusteeUser', () => orgauth.getOrgauthorizationTrusteeUser(X, X), any],
      ['deleteOrgauthorizationTrusteeUser', () => orgauth.deleteOrgauthorizationTrusteeUser(X, X), any],
      ['getOrgauthorizationTrusteeUserRoles', () => orgauth.getOrgauthorizationTrusteeUserRoles(X, X), any],
      ['putOrgauthorizationTrusteeUserRoles', () => orgauth.putOrgauthorizationTrusteeUserRoles(X, X, [X]), any],
      ['putOrgauthorizationTrusteeUserRoledivisions',
        () => orgauth.putOrgauthorizationTrusteeUserRoledivisions(X, X, { grants: [] }), any],
      ['deleteOrgauthorizationTrusteeUserRoles', () => orgauth.deleteOrgauthorizationTrusteeUserRoles(X, X), any],
      ['getOrgauthorizationTrusteeGroups', () => orgauth.getOrgauthorizationTrusteeGroups(X), any],
      ['postOrgauthorizationTrusteeGroups', () => orgauth.postOrgauthorizationTrusteeGroups(X, { id: X }), any],
      ['getOrgauthorizationTrusteeGroup', () => orgauth.getOrgauthorizationTrusteeGroup(X, X), any],
      ['deleteOrgauthorizationTrusteeGroup', () => orgauth.deleteOrgauthorizationTrusteeGroup(X, X), any],
      ['getOrgauthorizationTrusteeGroupRoles', () => orgauth.getOrgauthorizationTrusteeGroupRoles(X, X), any],
      ['putOrgauthorizationTrusteeGroupRoles', () => orgauth.putOrgauthorizationTrusteeGroupRoles(X, X, [X]), any],
      ['putOrgauthorizationTrusteeGroupRoledivisions',
        () => orgauth.putOrgauthorizationTrusteeGroupRoledivisions(X, X, { grants: [] }), any],
      ['deleteOrgauthorizationTrusteeGroupRoles', () => orgauth.deleteOrgauthorizationTrusteeGroupRoles(X, X), any],
      ['getOrgauthorizationTrusteeClonedusers', () => orgauth.getOrgauthorizationTrusteeClonedusers(X), any],
      ['deleteOrgauthorizationTrusteeCloneduser', () => orgauth.deleteOrgauthorizationTrusteeCloneduser(X, X), any],
      ['putOrgauthorizationTrustorCloneduser', () => orgauth.putOrgauthorizationTrustorCloneduser(X, X), all],
      ['getOrgauthorizationTrustorClonedusers', () => orgauth.getOrgauthorizationTrustorClonedusers(X), any],
      ['getOrgauthorizationTrustorCloneduser', () => orgauth.getOrgauthorizationTrustorCloneduser(X, X), any],
      ['deleteOrgauthorizationTrustorCloneduser', () => orgauth.deleteOrgauthorizationTrustorCloneduser(X, X), any],
      ['getOrgauthorizationTrustors', () => orgauth.getOrgauthorizationTrustors(), any],
      ['getOrgauthorizationTrustor', () => orgauth.getOrgauthorizationTrustor(X), any],
      ['deleteOrgauthorizationTrustor', () => orgauth.deleteOrgauthorizationTrustor(X), any],
      ['deleteOrgauthorizationTrustors', () => orgauth.deleteOrgauthorizationTrustors([X]), any],
      ['getOrgauthorizationTrustorUsers', () => orgauth.getOrgauthorizationTrustorUsers(X), any],
      ['getOrgauthorizationTrustorUser', () => orgauth.getOrgauthorizationTrustorUser(X, X), any],
      ['putOrgauthorizationTrustorUser', () => orgauth.putOrgauthorizationTrustorUser(X, X), all],
      ['deleteOrgauthorizationTrustorUser', () => orgauth.deleteOrgauthorizationTrustorUser(X, X), any],
      ['getOrgauthorizationTrustorGroups', () => orgauth.getOrgauthorizationTrustorGroups(X), any],
      ['getOrgauthorizationTrustorGroup', () => orgauth.getOrgauthorizationTrustorGroup(X, X), any],
      ['putOrgauthorizationTrustorGroup', () => orgauth.putOrgauthorizationTrustorGroup(X, X), all],
      ['deleteOrgauthorizationTrustorGroup', () => orgauth.deleteOrgauthorizationTrustorGroup(X, X), any],
      ['postOrgauthorizationTrusteesAudits',
        () => orgauth.postOrgauthorizationTrusteesAudits({ trusteeOrganizationIds: [X], trusteeUserIds: [X] }), any],
      ['postOrgauthorizationTrustorAudits',
        () => orgauth.postOrgauthorizationTrustorAudits({ trustorOrganizationId: X, trusteeUserIds: [X] }), any],
      ['getUserTrustors', () => users.getUserTrustors(X), all],
    ];
    assert.equal(calls.length, 47);
    await client.loginClientCredentialsGrant(bare.id, bare.secret);
    const wrong = [];
    for (const [name, call, code] of calls) {
      const err = await rejection(call());
      if (err.status !== 403 || err.code !== code) wrong.push(`${name}: ${err.status} ${err.code} (want 403 ${code})`);
    }
    assert.deepEqual(wrong, []);

    // ALL: orgTrustee:add alone does not make a trust; both do (the pairing is checked next).
    as(A.token);
    const role = async (name, policies) => (await authz.postAuthorizationRoles({ name, permissionPolicies: policies })).id;
    const clientWith = async (name, roleId) => {
      as(A.token);
      const made = await oauth.postOauthClients({ name, authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId, divisionId: '*' }] });
      await client.loginClientCredentialsGrant(made.id, made.secret);
    };
    const addOnly = await role('E2E trustee add', [{ domain: 'authorization', entityName: 'orgTrustee', actionSet: ['add'] }]);
    const addBoth = await role('E2E trustee and user add', [
      { domain: 'authorization', entityName: 'orgTrustee', actionSet: ['add'] },
      { domain: 'authorization', entityName: 'orgTrusteeUser', actionSet: ['add'] }]);
    const trustorView = await role('E2E trustor view', [
      { domain: 'authorization', entityName: 'orgTrustor', actionSet: ['view'] }]);
    const memberView = await role('E2E trustee user view', [
      { domain: 'authorization', entityName: 'orgTrusteeUser', actionSet: ['view'] }]);
    await clientWith('E2E add only', addOnly);
    const half = await rejection(orgauth.postOrgauthorizationTrustees({ pairingId: X, enabled: true }));
    assertErrorBody(half, 403, 'missing.permissions');
    assert.match(half.message, /authorization:orgTrusteeUser:add/);
    await clientWith('E2E add both', addBoth);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId: X, enabled: true })), 400,
      'pairing.id.required');
    // ANY: either of two permissions is enough.
    const fresh = await newPairing();
    await clientWith('E2E trustor view', trustorView);
    assert.equal((await orgauth.getOrgauthorizationPairing(fresh.id)).id, fresh.id);
    await clientWith('E2E trustee user view', memberView);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrusteesDefault()), 404, 'not.found');
  });

  it('404 for unknown ids and for trusts that do not exist in that direction', async () => {
    as(A.token);
    const notFound = async (promise, what) => {
      const err = await rejection(promise);
      assert.equal(err.status, 404, `${what}: ${JSON.stringify(err)}`);
      assert.equal(err.code, 'not.found', what);
    };
    await notFound(orgauth.getOrgauthorizationTrustee(NOWHERE), 'unknown trustee');
    await notFound(orgauth.getOrgauthorizationTrustee(C.id), 'an organization A does not trust');
    await notFound(orgauth.getOrgauthorizationTrusteeUser(B.id, B.gus.id), 'B\'s user who is not a member');
    await notFound(orgauth.getOrgauthorizationTrusteeUser(B.id, NOWHERE), 'unknown member');
    await notFound(orgauth.putOrgauthorizationTrusteeUserRoles(C.id, B.bea.id, [A.roles.employee]), 'no trust A→C');
    await notFound(orgauth.getOrgauthorizationTrusteeClonedusers(C.id), 'clones of no trust');
    await notFound(orgauth.getOrgauthorizationPairing(NOWHERE), 'unknown pairing');
    await notFound(orgauth.getOrgauthorizationTrusteesDefault(), 'no default trust yet');
    await notFound(orgauth.getOrgauthorizationTrustor(B.id), 'B does not trust A');
    as(B.token);
    await notFound(orgauth.getOrgauthorizationTrustor(C.id), 'C does not trust B');
    await notFound(orgauth.getOrgauthorizationTrustee(A.id), 'B does not trust A');
    await notFound(orgauth.putOrgauthorizationTrustorUser(C.id, B.bea.id), 'no trust C→B');
    await notFound(orgauth.getOrgauthorizationTrustorCloneduser(A.id, B.gus.id), 'no clone');
    await notFound(orgauth.deleteOrgauthorizationTrustorGroup(A.id, NOWHERE), 'unknown group');
    await notFound(orgauth.putOrgauthorizationTrustorGroup(A.id, NOWHERE), 'unknown group');
  });

  it('400s: bad bodies and ids', async () => {
    as(A.token);
    const bad = async (promise, what, field) => {
      const err = await rejection(promise);
      assert.equal(err.status, 400, `${what}: ${JSON.stringify(err)}`);
      if (field) assert.equal(err.details?.[0]?.fieldName, field, `${what}: ${JSON.stringify(err)}`);
      return err;
    };
    await bad(orgauth.putOrgauthorizationTrustee(B.id, {}), 'no enabled', 'enabled');
    assertErrorBody(await bad(orgauth.putOrgauthorizationTrustee(B.id, { enabled: true, dateExpired: 'tomorrow' }),
      'a bad date'), 400, 'invalid.date');
    await bad(orgauth.postOrgauthorizationTrusteeUsers(B.id, {}), 'no id', 'id');
    await bad(orgauth.putOrgauthorizationTrusteeUserRoles(B.id, B.bea.id, 'employee'), 'not an array');
    await bad(orgauth.putOrgauthorizationTrusteeUserRoledivisions(B.id, B.bea.id,
      { grants: [{ divisionId: A.home }] }), 'no roleId', 'grants[0].roleId');
    const noId = await raw('DELETE', `${AUTHZ}/trustees`, A.token);
    assert.equal(noId.status, 400, JSON.stringify(noId.body));
    const many = Array.from({ length: 101 }, () => crypto.randomUUID()).join(',');
    assert.equal((await raw('DELETE', `${AUTHZ}/trustees?id=${many}`, A.token)).status, 400, '101 ids');
    as(B.token);
    await bad(orgauth.postOrgauthorizationPairings({ userIds: [], groupIds: [] }), 'an empty pairing');
    await bad(orgauth.postOrgauthorizationPairings({ userIds: 'bea' }), 'userIds not an array');
    await bad(orgauth.postOrgauthorizationTrustorAudits({ trustorOrganizationId: A.id }), 'no trusteeUserIds',
      'trusteeUserIds');
  });

  it('25 members per trust, users and groups together (409 with limit)', async () => {
    as(A.token);
    const count = async () => (await orgauth.getOrgauthorizationTrusteeUsers(B.id)).total +
      (await orgauth.getOrgauthorizationTrusteeGroups(B.id)).total;
    let members = await count();
    assert.equal(members, 2, 'Bea and the trusted group');
    const extra = [];
    for (let i = 0; members + extra.length < 26; i += 1) {
      extra.push(await makeUser(B.token, `Max Member ${String(i).padStart(2, '0')}`, `max${i}@b.example.com`));
    }
    as(A.token);
    for (const user of extra.slice(0, 23)) {
      await orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: user.id, roleIds: [A.roles.employee] });
    }
    members = await count();
    assert.equal(members, 25);
    const over = await rejection(orgauth.postOrgauthorizationTrusteeUsers(B.id, { id: extra[23].id,
      roleIds: [A.roles.employee] }));
    assertErrorBody(over, 409, 'general.conflict');
    assert.equal(over.limit?.namespace, 'authorization', JSON.stringify(over));
    assert.equal(over.limit.value, 25);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteeGroups(B.id, { id: B.second.id })), 409,
      'general.conflict');
    as(B.token);
    assertErrorBody(await rejection(orgauth.putOrgauthorizationTrustorUser(A.id, extra[23].id)), 409,
      'general.conflict');
    // Paging through the members.
    as(A.token);
    const page = await orgauth.getOrgauthorizationTrusteeUsers(B.id, { pageSize: 10, pageNumber: 3 });
    assert.equal(page.total, 24);
    assert.equal(page.pageCount, 3);
    assert.equal(page.entities.length, 4);
  });

  it('disable: the trust session ends (401, refresh refused); members stay; re-enabling needs a new sign-in', async () => {
    const session = await trustSessionWithRefresh('bea@b.example.com');
    as(A.token);
    const disabled = await orgauth.putOrgauthorizationTrustee(B.id, { enabled: false });
    assert.equal(disabled.enabled, false);
    await expectSessionEnded(session, 'disabled');
    await expectRefused('bea@b.example.com', A.id, 'disabled');
    as(A.token);
    assert.equal((await orgauth.getOrgauthorizationTrustee(B.id)).enabled, false);
    assert.equal((await orgauth.getOrgauthorizationTrusteeUsers(B.id)).total, 24, 'members are kept');
    as(B.token);
    const listed = await users.getUserTrustors(B.bea.id);
    assert.equal(listed.entities[0].enabled, false);
    assert.deepEqual(listed.entities[0].authorization?.permissions, []);

    as(A.token);
    await orgauth.putOrgauthorizationTrustee(B.id, { enabled: true });
    as(session.access);
    assertErrorBody(await rejection(users.getUsers({ pageSize: 1 })), 401, 'bad.credentials');
    await trustSessionWithRefresh('bea@b.example.com');
  });

  it('expire and renew: a session works until dateExpired, then ends; a PUT without a date renews', async () => {
    const session = await trustSessionWithRefresh('bea@b.example.com');
    as(A.token);
    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await orgauth.putOrgauthorizationTrustee(B.id, { enabled: true, dateExpired: soon });
    assert.equal(Date.parse(expiring.dateExpired), Date.parse(soon));
    try {
      as(session.access);
      const still = await users.getUsers({ pageSize: 1 }).then(() => 'admitted', (err) => err);
      assert.equal(still, 'admitted',
        `until dateExpired the user is still admitted (spec §3.8): got ${JSON.stringify(still)}`);
    } finally {
      await sleep(Math.max(0, Date.parse(soon) - Date.now() + 300));
      await expectSessionEnded(session, 'expired');
      await expectRefused('bea@b.example.com', A.id, 'expired');
      as(A.token);
      assert.equal(Date.parse((await orgauth.getOrgauthorizationTrustee(B.id)).dateExpired), Date.parse(soon),
        'an expired trust stays readable');
      const renewed = await orgauth.putOrgauthorizationTrustee(B.id, { enabled: true });
      assert.equal(renewed.dateExpired, undefined);
      await trustSessionWithRefresh('bea@b.example.com');
      assert.equal((await tokens.getTokensMe()).organization.id, A.id);
    }
  });

  it('deleteOrgauthorizationTrustee ends the trust: session, clones and members go, audits stay', async () => {
    const session = await trustSessionWithRefresh('bea@b.example.com');
    as(A.token);
    await orgauth.deleteOrgauthorizationTrustee(B.id);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustee(B.id)), 404, 'not.found');
    assertErrorBody(await rejection(orgauth.deleteOrgauthorizationTrustee(B.id)), 404, 'not.found');
    await expectSessionEnded(session, 'deleted');
    as(A.token);
    for (const id of state.cloneIds) {
      assertErrorBody(await rejection(users.getUser(id)), 404, 'not.found');
    }
    assert.equal((await users.getUser(state.clone.id, { state: 'deleted' })).state, 'deleted');
    const audits = await orgauth.postOrgauthorizationTrusteesAudits({ trusteeOrganizationIds: [B.id],
      trusteeUserIds: [B.bea.id] }, { pageSize: 100 });
    assert.ok(audits.total >= state.auditTotal, `${audits.total} < ${state.auditTotal}`);
    assert.ok(audits.auditMessages.some((m) => m.action === 'user.create'));
    as(B.token);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustor(A.id)), 404, 'not.found');
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustorClonedusers(A.id)), 404, 'not.found');
    const bAudits = await orgauth.postOrgauthorizationTrustorAudits({ trustorOrganizationId: A.id,
      trusteeUserIds: [B.bea.id] }, { pageSize: 100 });
    assert.equal(bAudits.total, audits.total);
    await expectRefused('bea@b.example.com', A.id, 'deleted');
  });

  it('the default Care trust: postOrgauthorizationTrusteesDefault, getOrgauthorizationTrusteesDefault', async () => {
    as(A.token);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrusteesDefault()), 404, 'not.found');
    const care = await orgauth.postOrgauthorizationTrusteesDefault({ assignDefaultRole: true, autoExpire: true });
    assert.equal(care.id, C.id);
    assert.equal(care.enabled, true);
    assert.equal(care.usesDefaultRole, true);
    assert.equal(care.organization.name, 'E2E Care C');
    const days = (Date.parse(care.dateExpired) - Date.parse(care.dateCreated)) / 86400000;
    assert.ok(Math.abs(days - 30) < 0.01, `dateExpired ${care.dateExpired} vs dateCreated ${care.dateCreated}`);
    assert.equal((await orgauth.getOrgauthorizationTrusteesDefault()).id, C.id);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteesDefault({ assignDefaultRole: true })), 409,
      'general.conflict');
    as(C.token);
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrusteesDefault({ assignDefaultRole: true })), 400,
      'self.trust.not.allowed');
    assert.deepEqual(ids((await orgauth.getOrgauthorizationTrustors()).entities), [A.id]);

    // Every active Care user is admitted with A's admin role.
    const { verifier, challenge } = pkce();
    const res = await signIn(C.app, 'cara@c.example.com', PASSWORD, { target: A.id, challenge });
    assert.ok(res.code, `Care sign-in: ${res.status} ${res.error} ${res.body ?? ''}`);
    await client.authorizePKCEGrant(C.app.id, verifier, res.code, REDIRECT);
    const info = await tokens.getTokensMe();
    assert.equal(info.organization.id, A.id);
    assert.equal(info.homeOrganization.id, C.id);
    assert.ok((await authz.getAuthorizationRoles()).total >= 9, 'admin in A');
  });

  it('bulk deletes: deleteOrgauthorizationTrustees (?id=a,b), repeated id keys; B ends trusts too', async () => {
    // A→B from a new pairing, and the default trust with C unless it exists.
    const trustBoth = async (care) => {
      const pairing = await newPairing();
      as(A.token);
      await orgauth.postOrgauthorizationTrustees({ pairingId: pairing.id, enabled: true,
        users: [{ id: B.bea.id, roleIds: [A.roles.employee] }] });
      if (care) await orgauth.postOrgauthorizationTrusteesDefault({});
      assert.deepEqual(ids((await orgauth.getOrgauthorizationTrustees()).entities).sort(), [B.id, C.id].sort());
    };
    await trustBoth(false); // the default trust is still there
    await orgauth.deleteOrgauthorizationTrustees([B.id, C.id, NOWHERE]);
    assert.equal((await orgauth.getOrgauthorizationTrustees()).total, 0);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrusteesDefault()), 404, 'not.found');

    await trustBoth(true);
    const repeated = await raw('DELETE', `${AUTHZ}/trustees?id=${B.id}&id=${C.id}`, A.token);
    assert.equal(repeated.status, 204, JSON.stringify(repeated.body));
    assert.equal((await orgauth.getOrgauthorizationTrustees()).total, 0);

    await trustBoth(true);
    const mixed = await raw('DELETE', `${AUTHZ}/trustees?id=${B.id},${NOWHERE}&id=${C.id}`, A.token);
    assert.equal(mixed.status, 204, JSON.stringify(mixed.body));
    assert.equal((await orgauth.getOrgauthorizationTrustees()).total, 0);
    as(B.token);
    assert.equal((await orgauth.getOrgauthorizationTrustors()).total, 0);

    // The trustee may end a trust too: deleteOrgauthorizationTrustor, deleteOrgauthorizationTrustors.
    const trustB = async () => {
      const pairing = await newPairing();
      as(A.token);
      await orgauth.postOrgauthorizationTrustees({ pairingId: pairing.id, enabled: true,
        users: [{ id: B.bea.id, roleIds: [A.roles.employee] }] });
      as(B.token);
      assert.deepEqual(ids((await orgauth.getOrgauthorizationTrustors()).entities), [A.id]);
    };
    await trustB();
    await orgauth.deleteOrgauthorizationTrustor(A.id);
    assertErrorBody(await rejection(orgauth.deleteOrgauthorizationTrustor(A.id)), 404, 'not.found');
    as(A.token);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationTrustee(B.id)), 404, 'not.found');
    await trustB();
    await orgauth.deleteOrgauthorizationTrustors([A.id, NOWHERE]);
    assert.equal((await orgauth.getOrgauthorizationTrustors()).total, 0);
    as(A.token);
    assert.equal((await orgauth.getOrgauthorizationTrustees()).total, 0);
  });

  it('the pairing expires after pairing_lifetime_seconds', async () => {
    const wait = state.pairingMadeAt + PAIRING_LIFETIME_MS + 500 - Date.now();
    if (wait > 0) await sleep(wait);
    as(B.token);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationPairing(state.pairing.id)), 404, 'not.found');
    as(A.token);
    assertErrorBody(await rejection(orgauth.getOrgauthorizationPairing(state.unusedPairing.id)), 404, 'not.found');
    assertErrorBody(await rejection(orgauth.postOrgauthorizationTrustees({ pairingId: state.unusedPairing.id,
      enabled: true, users: [{ id: B.bea.id, roleIds: [A.roles.employee] }] })), 400, 'pairing.id.required');
  });
});
