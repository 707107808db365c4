// The GraphQL over HTTP audit of graphql-http (serverAudits) against the learner API.
// Every MUST audit has to pass; SHOULD/MAY audits that fail are printed as WARNING lines.
// Env: LEARNER_API_URL (http://127.0.0.1:8000), LEARNER_API_KEY.
import { auditServer } from 'graphql-http';

const base = process.env.LEARNER_API_URL ?? 'http://127.0.0.1:8000';
const key = process.env.LEARNER_API_KEY;
const url = `${base}/graphql?apiKey=${encodeURIComponent(key)}`;

const results = await auditServer({ url });
let failed = 0;
for (const result of results) {
  if (result.status === 'ok') continue;
  const line = `${result.id} ${result.name}: ${result.reason}`;
  if (result.name.startsWith('MUST')) {
    failed += 1;
    console.log(`FAIL: ${line}`);
  } else {
    console.log(`WARNING: ${line}`);
  }
}
console.log(`${results.length} audits, ${failed} MUST failures`);
process.exit(failed ? 1 : 0);
