'use strict';
// End-to-end: the roles part of the AuthorizationApi through the official Genesys
// Cloud JavaScript SDK (purecloud-platform-client-v2), unchanged, against a real
// roleplane server on an ephemeral loopback port.
//
// Run with `node --test authorization.test.js`; ROLEPLANE_BIN names the server
// binary (default: ../../build/bin/roleplane). ROLEPLANE_E2E_KEEP=1 keeps the temp dir.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

const DEFAULT_ROLE_IDS = ['admin', 'employee', 'supervisor', 'ORG_OWNER', 'ORG_MEMBER', 'ORG_GROUP_CREATOR',
  'ORG_BILLING_ADMIN', 'ORG_BILLING_READ_ONLY', 'ORG_READ_ONLY'];





function assertRole(role) {
  assert.match(role.id, UUID);
  assert.equal(typeof role.name, 'string');
  assert.ok(Array.isArray(role.permissions));
  assert.ok(Array.isArray(role.permissionPolicies));
  for (const p of role.permissionPolicies) {
    assert.equal(typeof p.domain, 'string');
    assert.equal(typeof p.entityName, 'string');
    assert.ok(Array.isArray(p.actionSet));
    assert.equal(typeof p.allowConditions, 'boolean');
  }
  assert.equal(typeof role.default, 'boolean');
  assert.equal(typeof role.base, 'boolean');
  assert.equal(typeof role.roleNeedsUpdate, 'boolean');
  assert.equal(role.selfUri, `/api/v2/authorization/roles/${role.id}`);
}

const flat = (policies) => policies.flatMap((p) => p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`));

describe('AuthorizationApi roles through the Genesys SDK', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const authz = new platformClient.AuthorizationApi();
  const users = new platformClient.UsersApi();
  const state = {};

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-authz-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database, 'E2E Roles');
    server = startServer(database);
    const port = await server.port;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
    await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    state.user = await users.postUsers({ name: 'E2E Role Holder', email: 'holder@e2e.example.com' });
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('getAuthorizationRoles lists the default roles, paged and filtered', async () => {
    const all = await authz.getAuthorizationRoles({ pageSize: 100 });
    assert.equal(all.total, DEFAULT_ROLE_IDS.length);
    all.entities.forEach(assertRole);
    assert.deepEqual(all.entities.map((r) => r.defaultRoleId).sort(), [...DEFAULT_ROLE_IDS].sort());
    const page = await authz.getAuthorizationRoles({ pageSize: 4, pageNumber: 2 });
    assert.equal(page.entities.length, 4);
    assert.equal(page.pageCount, 3);
    assert.match(page.nextUri, /pageNumber=3/);
    const byDefault = await authz.getAuthorizationRoles({ defaultRoleId: ['employee', 'supervisor'], userCount: false });
    assert.deepEqual(byDefault.entities.map((r) => r.name), ['employee', 'supervisor']);
    assert.equal(byDefault.entities[0].userCount, undefined);
    const byPermission = await authz.getAuthorizationRoles({ permission: ['directory:group:add'] });
    assert.deepEqual(byPermission.entities.map((r) => r.name), ['admin', 'ORG_GROUP_CREATOR', 'ORG_OWNER']);
    state.employee = byDefault.entities[0];
    state.supervisor = byDefault.entities[1];
  });

  it('postAuthorizationRoles creates a role', async () => {
    const role = await authz.postAuthorizationRoles({
      name: 'E2E Auditor',
      description: 'Reads audits',
      permissionPolicies: [{ domain: 'authorization', entityName: 'audit', actionSet: ['view'] }],
      permissions: ['directory:user:view'],
    });
    assertRole(role);
    assert.equal(role.name, 'E2E Auditor');
    assert.equal(role.default, false);
    assert.equal(role.userCount, 0);
    assert.deepEqual(role.permissions, ['authorization:audit:view', 'directory:user:view']);
    state.custom = role;
  });

  it('postAuthorizationRoles answers 400 naming the bad policy and 409 for a taken name', async () => {
    const bad = await rejection(authz.postAuthorizationRoles({
      name: 'Bad', permissionPolicies: [{ domain: 'directory', entityName: 'user', actionSet: ['fly'] }],
    }));
    assertErrorBody(bad, 400, 'invalid.value');
    assert.equal(bad.details[0].fieldName, 'permissionPolicies[0]');
    assertErrorBody(await rejection(authz.postAuthorizationRoles({ name: 'e2e auditor' })), 409, 'general.conflict');
  });

  it('getAuthorizationRole reads one role with its unused permissions', async () => {
    const role = await authz.getAuthorizationRole(state.custom.id, { expand: ['unusedPermissions'] });
    assert.deepEqual(role.unusedPermissions, []);
    assert.equal(role.name, 'E2E Auditor');
    assertErrorBody(await rejection(authz.getAuthorizationRole('00000000-0000-4000-8000-000000000000')), 404, 'not.found');
  });

  it('putAuthorizationRole replaces a role', async () => {
    const role = await authz.putAuthorizationRole(state.custom.id, {
      name: 'E2E Auditor 2', permissions: ['oauth:client:view'],
    });
    assert.equal(role.name, 'E2E Auditor 2');
    assert.deepEqual(role.permissions, ['oauth:client:view']);
  });

  it('patchAuthorizationRole sets the needs-update flag', async () => {
    const role = await authz.patchAuthorizationRole(state.custom.id, { roleNeedsUpdate: true });
    assert.equal(role.roleNeedsUpdate, true);
    assert.equal((await authz.getAuthorizationRole(state.custom.id)).roleNeedsUpdate, true);
  });

  it('getAuthorizationRoleComparedefaultRightRoleId compares an edited default role', async () => {
    await authz.putAuthorizationRole(state.employee.id, {
      name: 'employee', permissions: ['directory:user:view', 'directory:user:add'],
    });
    const diff = await authz.getAuthorizationRoleComparedefaultRightRoleId(state.employee.id, 'employee');
    assert.deepEqual(flat(diff.addedPermissionPolicies), ['directory:user:add']);
    assert.deepEqual(flat(diff.removedPermissionPolicies), ['directory:organization:view', 'authorization:division:view']);
    assert.deepEqual(flat(diff.samePermissionPolicies), ['directory:user:view']);
    assert.equal(diff.userOrgRole.id, state.employee.id);
    assert.equal(diff.roleFromDefault.defaultRoleId, 'employee');
  });

  it('postAuthorizationRoleComparedefaultRightRoleId compares an unsaved role', async () => {
    const diff = await authz.postAuthorizationRoleComparedefaultRightRoleId(state.employee.id, 'employee', {
      name: 'employee', permissions: ['directory:user:view', 'directory:organization:view', 'authorization:division:view'],
    });
    assert.deepEqual(diff.addedPermissionPolicies, []);
    assert.deepEqual(diff.removedPermissionPolicies, []);
  });

  it('postAuthorizationRolesDefault adds missing roles, and with force restores edited ones', async () => {
    const kept = await authz.postAuthorizationRolesDefault();
    assert.equal(kept.total, DEFAULT_ROLE_IDS.length);
    const employee = kept.entities.find((r) => r.defaultRoleId === 'employee');
    assert.equal(employee.permissions.length, 2);
    assert.equal(employee.roleNeedsUpdate, true);
    const forced = await authz.postAuthorizationRolesDefault({ force: true });
    const restored = forced.entities.find((r) => r.defaultRoleId === 'employee');
    assert.equal(restored.permissions.length, 3);
    assert.equal(restored.roleNeedsUpdate, false);
  });

  it('putAuthorizationRolesDefault restores the listed default roles', async () => {
    await authz.putAuthorizationRole(state.supervisor.id, { name: 'supervisor', permissions: ['directory:user:view'] });
    const listing = await authz.putAuthorizationRolesDefault([{ id: state.supervisor.id }]);
    assert.equal(listing.total, 1);
    assert.equal(listing.entities[0].id, state.supervisor.id);
    assert.deepEqual(listing.entities[0].permissions, state.supervisor.permissions);
  });

  it('putAuthorizationRoleUsersAdd grants the role to users', async () => {
    const applied = await authz.putAuthorizationRoleUsersAdd(state.supervisor.id, [state.user.id]);
    assert.deepEqual(applied, [state.user.id]);
    assert.equal((await authz.getAuthorizationRole(state.supervisor.id)).userCount, 1);
  });

  it('getUserRoles answers the UserAuthorization', async () => {
    const auth = await authz.getUserRoles(state.user.id);
    assert.deepEqual(auth.roles, [{ id: state.supervisor.id, name: 'supervisor' }]);
    assert.deepEqual(auth.unusedRoles, []);
    assert.ok(auth.permissions.includes('directory:user:add'));
    assert.ok(auth.permissionPolicies.length > 0);
  });

  it('putUserRoles replaces the user\'s roles', async () => {
    const auth = await authz.putUserRoles(state.user.id, [state.employee.id, state.custom.id]);
    assert.deepEqual(auth.roles.map((r) => r.name), ['E2E Auditor 2', 'employee']);
    assert.ok(!auth.permissions.includes('directory:user:add'));
    assert.ok(auth.permissions.includes('oauth:client:view'));
  });

  it('deleteAuthorizationRole answers 409 while the role is granted', async () => {
    assertErrorBody(await rejection(authz.deleteAuthorizationRole(state.custom.id)), 409, 'general.conflict');
  });

  it('putAuthorizationRoleUsersRemove removes users from the role', async () => {
    const applied = await authz.putAuthorizationRoleUsersRemove(state.custom.id, [state.user.id]);
    assert.deepEqual(applied, [state.user.id]);
    const auth = await authz.getUserRoles(state.user.id);
    assert.deepEqual(auth.roles.map((r) => r.name), ['employee']);
  });

  it('deleteUserRoles removes all roles of a user', async () => {
    // The SDK dropped deleteUserRoles in v75; its ApiClient still makes the call.
    await client.callApi(`/api/v2/users/{userId}/roles`, 'DELETE', { userId: state.user.id }, {}, {}, {}, null,
      ['PureCloud OAuth'], ['application/json'], ['application/json']);
    const auth = await authz.getUserRoles(state.user.id);
    assert.deepEqual(auth.roles, []);
    assert.deepEqual(auth.permissions, []);
  });

  it('deleteAuthorizationRole deletes a role no one holds', async () => {
    await authz.deleteAuthorizationRole(state.custom.id);
    assertErrorBody(await rejection(authz.getAuthorizationRole(state.custom.id)), 404, 'not.found');
  });
});
