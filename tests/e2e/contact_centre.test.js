'use strict';
// End-to-end: the contact-centre half of the Users API and what supports it
// (RoutingApi skills, languages and queues, PresenceApi, phones and
// StationsApi), through the official Genesys JavaScript SDK unchanged,
// against a real roleplane server: create, assign, read back, change state,
// and the SDK's own error objects on the refused side.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { platformClient, BIN, UUID, bootstrap, startServer, rejection, assertErrorBody } = require('./harness');

const ON_QUEUE = 'e08eaf1b-ee47-4fa9-a231-1200e284798f';

describe('contact centre through the Genesys SDK', () => {
  let tmp;
  let server;
  const client = platformClient.ApiClient.instance;
  const users = new platformClient.UsersApi();
  const routing = new platformClient.RoutingApi();
  const presence = new platformClient.PresenceApi();
  const stations = new platformClient.StationsApi();
  const telephony = new platformClient.TelephonyProvidersEdgeApi();
  const made = {};

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found: ${BIN} (set ROLEPLANE_BIN)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roleplane-e2e-'));
    const database = `sqlite:${path.join(tmp, 'e2e.db')}`;
    const creds = bootstrap(database);
    server = startServer(database);
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: await server.port });
    await client.loginClientCredentialsGrant(creds.clientId, creds.clientSecret);
    made.agent = await users.postUsers({ name: 'E2E Agent', email: 'agent@e2e.example.com' });
  });

  after(async () => {
    if (server && server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (tmp && !process.env.ROLEPLANE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates skills and languages and assigns them', async () => {
    const skill = await routing.postRoutingSkills({ name: 'Billing' });
    assert.match(skill.id, UUID);
    const language = await routing.postRoutingLanguages({ name: 'Norwegian' });
    const assigned = await users.postUserRoutingskills(made.agent.id, { id: skill.id, proficiency: 4 });
    assert.equal(assigned.proficiency, 4);
    await users.postUserRoutinglanguages(made.agent.id, { id: language.id, proficiency: 2 });
    const listing = await users.getUserRoutingskills(made.agent.id);
    assert.deepEqual(listing.entities.map((s) => s.name), ['Billing']);
    const user = await users.getUser(made.agent.id, { expand: ['skills', 'languages'] });
    assert.equal(user.skills[0].id, skill.id);
    assert.equal(user.languages[0].name, 'Norwegian');
    const err = await rejection(users.postUserRoutingskills(made.agent.id, { id: skill.id, proficiency: 9 }));
    assertErrorBody(err, 400, 'invalid.value');
  });

  it('makes a queue, adds the agent and joins it from the user side', async () => {
    const queue = await routing.postRoutingQueues({ name: 'Support', skillEvaluationMethod: 'BEST' });
    assert.equal(queue.skillEvaluationMethod, 'BEST');
    await routing.postRoutingQueueMembers(queue.id, [{ id: made.agent.id }]);
    const members = await routing.getRoutingQueueMembers(queue.id);
    assert.equal(members.entities.length, 1);
    assert.equal(members.entities[0].joined, false);
    const none = await users.getUserQueues(made.agent.id);
    assert.equal(none.entities.length, 0);
    const joined = await users.patchUserQueue(queue.id, made.agent.id, { joined: true });
    assert.equal(joined.joined, true);
    const mine = await users.getUserQueues(made.agent.id, { joined: true });
    assert.deepEqual(mine.entities.map((q) => q.id), [queue.id]);
    assert.equal((await routing.getRoutingQueue(queue.id)).joinedMemberCount, 1);
  });

  it('observes the queues the agent is in and has joined', async () => {
    const answer = await users.postAnalyticsUsersObservationsQuery({
      filter: { type: 'or', predicates: [{ dimension: 'userId', value: made.agent.id }] },
      metrics: ['oActiveQueues', 'oMemberQueues'],
    });
    assert.equal(answer.results.length, 1);
    assert.equal(answer.results[0].group.userId, made.agent.id);
    const counts = Object.fromEntries(answer.results[0].data.map((d) => [d.metric, d.stats.count]));
    assert.deepEqual(counts, { oActiveQueues: 1, oMemberQueues: 1 });
  });

  it('goes on queue and reports a routing status', async () => {
    const definitions = await presence.getPresencedefinitions({ pageSize: 100 });
    assert.ok(definitions.entities.some((d) => d.id === ON_QUEUE));
    const set = await presence.patchUserPresence(made.agent.id, 'PURECLOUD', { presenceDefinition: { id: ON_QUEUE } });
    assert.equal(set.presenceDefinition.systemPresence, 'On Queue');
    const idle = await users.getUserRoutingstatus(made.agent.id);
    assert.equal(idle.status, 'IDLE');
    assert.equal(idle.startTime, set.modifiedDate);
    const interacting = await users.putUserRoutingstatus(made.agent.id, { status: 'INTERACTING' });
    assert.equal(interacting.status, 'INTERACTING');
    const err = await rejection(users.putUserRoutingstatus(made.agent.id, { status: 'OFF_QUEUE' }));
    assertErrorBody(err, 400, 'bad.request');
  });

  it('sets out of office, a geolocation and call forwarding', async () => {
    const ooo = await users.putUserOutofoffice(made.agent.id, {
      active: true, indefinite: true, startDate: '2027-01-01T00:00:00.000Z',
    });
    assert.equal(ooo.active, true);
    assert.equal((await users.getUserOutofoffice(made.agent.id)).indefinite, true);
    const geo = await users.patchUserGeolocation(made.agent.id, 'e2e-app', { latitude: 59.9, longitude: 10.7 });
    assert.equal(geo.primary, true);
    assert.equal((await users.getUserGeolocation(made.agent.id, 'e2e-app')).latitude, 59.9);
    const forwarding = await users.putUserCallforwarding(made.agent.id, {
      enabled: true, calls: [{ targets: [{ type: 'PHONENUMBER', value: '+4712345678' }] }], voicemail: 'LASTCALL',
    });
    assert.equal(forwarding.phoneNumber, '+4712345678');
    assert.equal((await users.getUserCallforwarding(made.agent.id)).voicemail, 'LASTCALL');
  });

  it('associates the agent with a phone\'s station', async () => {
    const phone = await telephony.postTelephonyProvidersEdgesPhones({
      name: 'E2E Softphone', webRtcUser: { id: made.agent.id },
    });
    assert.match(phone.id, UUID);
    const listing = await stations.getStations({ name: 'E2E Softphone' });
    assert.equal(listing.entities.length, 1);
    const station = listing.entities[0];
    assert.equal(station.type, 'inin_webrtc_softphone');
    await users.putUserStationAssociatedstationStationId(made.agent.id, station.id);
    const mine = await users.getUserStation(made.agent.id);
    assert.equal(mine.associatedStation.id, station.id);
    assert.equal(mine.effectiveStation.id, station.id);
    assert.equal((await stations.getStation(station.id)).status, 'ASSOCIATED');
    const err = await rejection(users.putUserStationAssociatedstationStationId(made.agent.id, '00000000-0000-4000-8000-000000000000'));
    assertErrorBody(err, 404, 'not.found');
  });

  it('expands a user with all of it at once', async () => {
    const user = await users.getUser(made.agent.id, {
      expand: ['presence', 'routingStatus', 'outOfOffice', 'geolocation', 'station'],
    });
    assert.equal(user.presence.presenceDefinition.id, ON_QUEUE);
    assert.equal(user.routingStatus.status, 'INTERACTING');
    assert.equal(user.outOfOffice.active, true);
    assert.equal(user.geolocation.id, 'e2e-app');
    assert.ok(user.station.associatedStation);
  });
});
