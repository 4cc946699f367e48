'use strict';
// The engine benchmark's peer: node-casbin (RBAC with domains, keyMatch
// wildcards) answering the questions engine_bench asked, on the organization
// it exported. Usage: node casbin_bench.js DIR [SECONDS]
//
// DIR holds policy.csv (p: role, domain, entity, action; g: user, role,
// division, with "*" for all divisions and "@org" for the org-wide questions)
// and questions.csv (user, division, domain, entity, action, engine answer).
// A grant in division "*" holds in every division: the matcher also asks g()
// for the "*" division (a domain matching function on g makes casbin take
// minutes per check on this data).
// Checks run one after another for SECONDS (default 20) of wall time, then it
// prints one JSON line: load time, checks, checks/s, and how many answers
// differ from the engine's.

const fs = require('node:fs');
const path = require('node:path');
const { newEnforcer, newModelFromString, FileAdapter } = require('casbin');

const MODEL = `
[request_definition]
r = sub, dom, pd, pe, pa

[policy_definition]
p = sub, pd, pe, pa

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = keyMatch(r.pd, p.pd) && keyMatch(r.pe, p.pe) && keyMatch(r.pa, p.pa) && (g(r.sub, p.sub, r.dom) || g(r.sub, p.sub, "*"))
`;

async function main() {
  const dir = process.argv[2];
  const seconds = Number(process.argv[3] || 20);
  if (!dir) throw new Error('usage: node casbin_bench.js DIR [SECONDS]');

  const questions = fs
    .readFileSync(path.join(dir, 'questions.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [sub, dom, pd, pe, pa, want] = l.split(',');
      return { args: [sub, dom, pd, pe, pa], want: want === '1' };
    });

  const loadStart = process.hrtime.bigint();
  const enforcer = await newEnforcer(newModelFromString(MODEL), new FileAdapter(path.join(dir, 'policy.csv')));
  const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;

  let checks = 0;
  let mismatches = 0;
  let allowed = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    const q = questions[checks % questions.length];
    const got = enforcer.enforceSync(...q.args);
    if (got !== q.want) mismatches++;
    if (got) allowed++;
    checks++;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    JSON.stringify({
      casbin: require('casbin/package.json').version,
      node: process.versions.node,
      load_seconds: loadSeconds,
      checks,
      seconds: elapsed,
      checks_per_second: checks / elapsed,
      allowed,
      mismatches,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
