// Helium's Apollo client against a running learner API (issue 10, "How to test it").
//
// The client is built as tooling/helium-server/src/utilities/make-apollo-client.ts builds it in
// production: setContext (adds the authToken header) -> createPersistedQueryLink({ sha256 }) from
// crypto-hash -> BatchHttpLink({ uri }), with uri = `${instance}/helium?apiKey=${key}`. Then:
//
//   1. Login (packages/user Login.graphql) with the demo learner; the token is read from the
//      `authToken` cookie the response sets (what helium-server reads) and must equal data.Login.
//   2. helium-server's server-side fetch of UserAndAppearanceQuery (plain fetch, no Apollo).
//   3. Round 1, a fresh client with the token: the dashboard's documents (UserStats, ContentGroups,
//      UserContentItems with each LearnerAccess tab's variables, UserCertificates, UserArchives,
//      UserArchivedContent, UserWaitlist, UserBookmarks, CompanyTranslations, Languages) fired
//      concurrently, so BatchHttpLink batches them. A document new to the server (on a fresh server
//      all of them; always the per-run probe document) must first get PersistedQueryNotFound for
//      its hash, and Apollo must retry it with the query. The lists the dashboard shows must hold
//      Jane's items (see checkDashboard for which emptiness is a WARNING and which a failure).
//   4. Round 2, another fresh client (the next page load): the same operations must go out as
//      hashes only, be found, and return what round 1 returned.
//
// Every request goes through a counting fetch wrapper given to BatchHttpLink. The operation
// documents are Helium's, copied verbatim into ./operations (MIT, see NOTICE.md).
//
// Env: LEARNER_API_URL (default http://127.0.0.1:8000), LEARNER_API_KEY (required),
// HELIUM_EMAIL / HELIUM_PASSWORD (default the demo learner), RUN_TIMEOUT_MS (default 60000).
// Exit 0 when everything holds; 1 with the reasons otherwise. WARNING lines do not fail the run.
//
// By hand, against `scripts/serve`:  cd tests/integration/helium_client && npm ci &&
//   LEARNER_API_URL=http://127.0.0.1:8000 LEARNER_API_KEY=$(cat ../../../data/demo-api-key) node run.mjs
// (tests/integration/test_helium_client.py does the same against its own throw-away demo server.)

import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ApolloClient, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { setContext } from '@apollo/client/link/context/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';
import { BatchHttpLink } from '@apollo/client/link/batch-http/index.js';
import { USER_AND_APPEARANCE_QUERY } from './operations/helium-server.mjs';
import { TRANSLATIONS_QUERY } from './operations/cli-translations.mjs';

// helium-server imports ApolloClient and InMemoryCache from '@apollo/client', whose entry point also
// loads the React hooks (and so needs react); '@apollo/client/core' is the same client without them.
// Apollo Client 3 has no package "exports" map, so Node's ESM loader needs the index.js paths.

const BASE_URL = (process.env.LEARNER_API_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
const API_KEY = process.env.LEARNER_API_KEY;
const EMAIL = process.env.HELIUM_EMAIL || 'jane.doe@example.com';
const PASSWORD = process.env.HELIUM_PASSWORD || 'demo-password';
const TIMEOUT_MS = Number(process.env.RUN_TIMEOUT_MS || 60000);
const ENDPOINT = `${BASE_URL}/helium?apiKey=${encodeURIComponent(API_KEY ?? '')}`;

const failures = [];
const warnings = [];
const fail = message => failures.push(message);
const warn = message => warnings.push(message);
const log = (...args) => console.log(...args);

const op = name => gql(readFileSync(new URL(`./operations/${name}.graphql`, import.meta.url), 'utf8'));
const DOCS = {
  Login: op('Login'),
  UserStats: op('UserStats'),
  ContentGroups: op('UserContentGroups'),
  UserContentItems: op('UserContentItems'),
  UserCertificates: op('UserCertificates'),
  UserArchives: op('UserArchives'),
  UserArchivedContent: op('UserArchivedContent'),
  UserWaitlist: op('UserWaitlist'),
  UserBookmarks: op('UserBookmarks'),
  UserBookmarksByFolder: op('UserBookmarksByFolder'),
  CompanyTranslationsQuery: gql(TRANSLATIONS_QUERY),
  LanguagesQuery: op('Languages')
};
// A document no server has seen (its operation name is unique to this run), so that round 1 shows the
// whole registration even against a server that already knows Helium's documents.
const PROBE = `HeliumClientApqProbe${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
DOCS[PROBE] = gql(`query ${PROBE} { Languages { code } }`);

// tooling/template-base/components/LearnerAccess/LearnerAccess.tsx: the content tabs and the kind
// lists (GlobalTypes.ContentKind values) each sends through LoadUserLearning, which passes
// { query, kind, sortColumn, sortDirection } (undefined ones are dropped from the JSON). The dashboard
// page (pages/learn/dashboard.page.tsx) gives LearnerAccess no query. `group` is the UserContentGroups
// kind that makes the tab visible (Utilities/utilities.ts).
const QUERY = undefined;
const CONTENT_TABS = [
  {
    tab: 'current', group: 'contentItems',
    variables: { query: QUERY, kind: ['courseGroup', 'article', 'video', 'shareableContentObject', 'xApiObject'],
                 sortColumn: undefined, sortDirection: undefined }
  },
  {
    tab: 'events', group: 'eventItems',
    variables: { query: QUERY, kind: ['webinar', 'webinar', 'inPersonEvent', 'inPersonEventCourse'],
                 sortColumn: 'displayDate', sortDirection: undefined }
  },
  {
    // A single enum value, not a list: GraphQL coerces it to a one-element list.
    tab: 'learningPath', group: 'learningPaths',
    variables: { query: QUERY, kind: 'learningPath', sortColumn: undefined, sortDirection: undefined }
  },
  {
    tab: 'completed', group: 'completedItems',
    variables: { query: QUERY, kind: ['learningPath', 'courseGroup', 'article', 'video', 'shareableContentObject',
                                      'xApiObject', 'webinar', 'webinar', 'inPersonEvent', 'inPersonEventCourse'],
                 sortColumn: undefined, sortDirection: undefined }
  }
];
// LearnerAccess's props on the dashboard page: only companyHasWaitlistingFeature is set.
const COMPANY_HAS_WAITLISTING_FEATURE = true;
// The tab labels LearnerAccess translates (localizedTabLabelMapping).
const TAB_LABEL_KEYS = ['dashboard.current', 'dashboard.events', 'learning-path', 'dashboard.completed',
                        'dashboard.archived', 'dashboard.bookmark', 'dashboard.certificates', 'dashboard.waitlisted'];

// ---------------------------------------------------------------------------------------------
// The counting fetch: every HTTP request BatchHttpLink makes, with what each operation carried.

let round = 'login';
const requests = [];

async function countingFetch(url, init) {
  let body;
  try {
    body = JSON.parse(init.body);
  } catch {
    body = null;
  }
  const elements = Array.isArray(body) ? body : [body];
  const entry = {
    round, url: String(url), batch: Array.isArray(body),
    ops: elements.map(e => ({
      operationName: e?.operationName,
      hasQuery: typeof e?.query === 'string',
      query: e?.query,
      hash: e?.extensions?.persistedQuery?.sha256Hash,
      notFound: false,
      errors: []
    })),
    status: null, setCookies: []
  };
  requests.push(entry);
  const response = await fetch(url, init);
  entry.status = response.status;
  entry.setCookies = response.headers.getSetCookie();
  try {
    const json = await response.clone().json();
    const results = Array.isArray(json) ? json : [json];
    results.forEach((result, i) => {
      const slot = entry.ops[i];
      if (!slot) return;
      slot.errors = result?.errors ?? [];
      slot.notFound = slot.errors.some(e => e.message === 'PersistedQueryNotFound'
                                            || e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND');
    });
  } catch {
    // Not JSON: Apollo reports it as a network error.
  }
  return response;
}

// makeApolloClient(heliumEndpoint, apolloInitialState, isProduction = true, authToken)
async function makeApolloClient(heliumEndpoint, apolloInitialState, authToken) {
  const authTokenHeaders = authToken ? { authToken } : {};
  let link = setContext((_, { headers }) => ({ headers: { ...headers, ...authTokenHeaders } }));
  const cryptoHash = await import('crypto-hash');
  const { sha256 } = cryptoHash;
  link = link.concat(createPersistedQueryLink({ sha256 }));
  link = link.concat(new BatchHttpLink({ uri: heliumEndpoint, fetch: countingFetch }));
  return new ApolloClient({ link, cache: new InMemoryCache().restore(apolloInitialState) });
}

function describeError(error) {
  const parts = [];
  for (const e of error?.graphQLErrors ?? []) {
    parts.push(`GraphQL error: ${e.message} ${JSON.stringify({ path: e.path, extensions: e.extensions })}`);
  }
  for (const e of error?.protocolErrors ?? []) parts.push(`protocol error: ${e.message}`);
  for (const e of error?.clientErrors ?? []) parts.push(`client error: ${e.message}`);
  const network = error?.networkError;
  if (network) {
    parts.push(`network error: ${network.message}`
               + (network.statusCode ? ` (HTTP ${network.statusCode})` : '')
               + (network.result ? ` ${JSON.stringify(network.result)}` : '')
               + (network.cause ? ` cause: ${network.cause}` : ''));
  }
  if (!parts.length) parts.push(String(error?.stack || error));
  return parts.join('\n    ');
}

async function runQuery(client, name, document, variables) {
  try {
    const result = await client.query({ query: document, variables, fetchPolicy: 'network-only' });
    if (result.errors?.length) throw Object.assign(new Error('errors'), { graphQLErrors: result.errors });
    return { name, ok: true, data: result.data };
  } catch (error) {
    return { name, ok: false, error };
  }
}

// ---------------------------------------------------------------------------------------------

function dashboardOperations() {
  return [
    // packages/dashboard-stats' CurrentUser document. (helium-server's UserAndAppearanceQuery, the
    // CurrentUser + CompanyDetails document, goes out by plain fetch: serverSideFetch.)
    ['UserStats', DOCS.UserStats, {}],
    // LearnerAccess: useContentGroupsQuery({ variables: { query, includeExpiredCertificates } })
    ['ContentGroups', DOCS.ContentGroups, { query: QUERY, includeExpiredCertificates: undefined }],
    ...CONTENT_TABS.map(t => [`UserContentItems[${t.tab}]`, DOCS.UserContentItems, t.variables]),
    // Every item Jane reaches (no kind filter): what each tab's kind list is checked against.
    ['UserContentItems[all]', DOCS.UserContentItems, {}],
    ['UserCertificates', DOCS.UserCertificates, { query: QUERY, includeExpiredCertificates: undefined }],
    ['UserArchives', DOCS.UserArchives, {}],
    ['UserArchivedContent', DOCS.UserArchivedContent, {}],
    ['UserWaitlist', DOCS.UserWaitlist, {}],
    ['UserBookmarks', DOCS.UserBookmarks, {}],
    ['CompanyTranslationsQuery', DOCS.CompanyTranslationsQuery, { namespace: 'lms' }],
    ['LanguagesQuery', DOCS.LanguagesQuery, {}],
    [PROBE, DOCS[PROBE], {}]
  ];
}

async function runRound(name, token) {
  round = name;
  const client = await makeApolloClient(ENDPOINT, {}, token);
  const operations = dashboardOperations();
  // Fired together: BatchHttpLink collects them for its batchInterval (10 ms) into batches of batchMax (10).
  const settled = await Promise.all(operations.map(([n, doc, vars]) => runQuery(client, n, doc, vars)));
  const results = Object.fromEntries(settled.map(r => [r.name, r]));
  // LoadBookmarks then opens the first folder.
  const folders = results.UserBookmarks.ok ? results.UserBookmarks.data.UserBookmarks ?? [] : [];
  if (folders.length) {
    const r = await runQuery(client, 'UserBookmarksByFolder', DOCS.UserBookmarksByFolder, { id: folders[0].id });
    results[r.name] = r;
  }
  client.stop();
  return results;
}

// getAvailableTabs (Utilities/utilities.ts) with the dashboard page's props.
function availableTabs(groups) {
  const count = Object.fromEntries(groups.map(({ kind, count }) => [kind, count]));
  const tabs = [];
  if (count.contentItems) tabs.push('current');
  if (count.eventItems) tabs.push('events');
  if (count.learningPaths) tabs.push('learningPath');
  if (count.completedItems) tabs.push('completed');
  if (count.archivedContentItems) tabs.push('archived');
  if (count.bookmarkFolders) tabs.push('bookmark');
  if (count.certificates) tabs.push('certificate');
  if (COMPANY_HAS_WAITLISTING_FEATURE && count.waitlistedCourses) tabs.push('waitlist');
  return { tabs, count };
}

function checkDashboard(results) {
  const ok = name => results[name]?.ok;
  const data = name => results[name].data;

  for (const [name, r] of Object.entries(results)) {
    if (!r.ok && name !== 'UserBookmarks' && name !== 'UserBookmarksByFolder') {
      fail(`${name} failed:\n    ${describeError(r.error)}`);
    }
  }

  if (ok('UserStats')) {
    const user = data('UserStats').CurrentUser;
    if (!user) fail('UserStats: CurrentUser is null with the token');
    else log(`  UserStats: ${JSON.stringify(user)}`);
  }
  if (ok('CompanyTranslationsQuery')) {
    const list = data('CompanyTranslationsQuery').CompanyTranslations ?? [];
    if (!list.length) fail('CompanyTranslations(namespace: lms) is empty');
    const en = list.find(t => t.lang === 'en');
    if (!en) fail(`CompanyTranslations(lms) has no "en" entry (langs: ${list.map(t => t.lang)})`);
    else {
      const missing = TAB_LABEL_KEYS.filter(k => typeof en.translations?.[k] !== 'string');
      if (missing.length) fail(`CompanyTranslations(lms) en lacks the tab labels ${missing.join(', ')}`);
    }
    log(`  CompanyTranslations(lms): ${list.map(t => `${t.id} (${Object.keys(t.translations ?? {}).length} strings)`).join(', ')}`);
  }
  if (ok('LanguagesQuery')) {
    const langs = data('LanguagesQuery').Languages ?? [];
    if (!langs.length) fail('Languages is empty');
    log(`  Languages: ${langs.map(l => l.code).join(', ')}`);
  }

  if (!ok('ContentGroups')) return;
  const groups = data('ContentGroups').UserContentGroups ?? [];
  if (!groups.length) fail('UserContentGroups is empty for the demo learner');
  const { tabs, count } = availableTabs(groups);
  log(`  UserContentGroups: ${groups.map(g => `${g.kind}=${g.count}`).join(' ')}`);
  log(`  tabs the dashboard shows: ${tabs.join(', ')}`);

  // The lists behind the tabs.
  const lengthOf = (name, field) => (ok(name) ? (data(name)[field] ?? []).length : null);
  const listTabs = [
    ['archived', 'archivedContentItems', 'UserArchives', 'UserArchives'],
    ['certificate', 'certificates', 'UserCertificates', 'UserCertificates'],
    ['waitlist', 'waitlistedCourses', 'UserWaitlist', 'UserWaitlist']
  ];
  for (const [tab, group, name, field] of listTabs) {
    const n = lengthOf(name, field);
    if (n === null) continue;
    log(`  ${tab} tab (${name}): ${n} item(s), group count ${count[group] ?? 0}`);
    if (!n) fail(`${name} is empty for the demo learner (the demo gives her some)`);
    if (n !== (count[group] ?? 0)) fail(`UserContentGroups ${group}=${count[group] ?? 0} but ${name} has ${n}`);
  }
  const archivedContent = lengthOf('UserArchivedContent', 'UserArchivedContent');
  if (archivedContent !== null) {
    if (!archivedContent) fail('UserArchivedContent is empty for the demo learner');
    if (archivedContent !== (count.archivedContentItems ?? 0)) {
      fail(`UserContentGroups archivedContentItems=${count.archivedContentItems ?? 0} but UserArchivedContent has ${archivedContent}`);
    }
  }

  // The bookmark tab: shown when bookmarkFolders > 0; LoadBookmarks then needs UserBookmarks and
  // UserBookmarksByFolder.
  if (tabs.includes('bookmark')) {
    for (const name of ['UserBookmarks', 'UserBookmarksByFolder']) {
      const r = results[name];
      if (r && !r.ok) {
        fail(`the dashboard shows the bookmark tab (bookmarkFolders=${count.bookmarkFolders}), but ${name} failed:\n    `
             + describeError(r.error));
      }
    }
    if (ok('UserBookmarks') && !(data('UserBookmarks').UserBookmarks ?? []).length) {
      fail(`bookmarkFolders=${count.bookmarkFolders} but UserBookmarks is empty`);
    }
  }

  // The content tabs. Each must list every one of Jane's items whose kind it asks for, and nothing
  // that is not hers. It may also list items of kinds no tab asks for (microCourse, webinarCourse:
  // a server may count them as variants of courseGroup / webinar), but not items of a kind that only
  // other tabs ask for. A tab that lists nothing because Jane has no item of its kinds is a WARNING
  // (the demo's content kinds are being aligned with Helium's), and so is an item no tab lists.
  if (!ok('UserContentItems[all]')) return;
  const all = data('UserContentItems[all]').UserContentItems ?? [];
  if (!all.length) fail('UserContentItems (no kind filter) is empty for the demo learner');
  const allIds = new Set(all.map(i => i.id));
  const askedByTabs = new Set(CONTENT_TABS.flatMap(t => [t.variables.kind].flat()));
  const describe = items => items.map(i => `${i.title} [${i.kind}]`).join('; ');
  const shown = new Set();
  for (const t of CONTENT_TABS) {
    const name = `UserContentItems[${t.tab}]`;
    if (!ok(name)) continue;
    const kinds = [t.variables.kind].flat();
    const got = data(name).UserContentItems ?? [];
    const gotIds = new Set(got.map(i => i.id));
    got.forEach(item => shown.add(item.id));
    log(`  ${t.tab} tab (UserContentItems kind=${JSON.stringify(t.variables.kind)}): ${got.length} item(s)`
        + `${got.length ? ': ' + describe(got) : ''}`);
    const missing = all.filter(item => kinds.includes(item.kind) && !gotIds.has(item.id));
    const foreign = got.filter(item => !allIds.has(item.id));
    const wrongKind = got.filter(item => !kinds.includes(item.kind) && askedByTabs.has(item.kind));
    const variants = got.filter(item => !kinds.includes(item.kind) && !askedByTabs.has(item.kind));
    if (missing.length) fail(`${name} leaves out Jane's items of the kinds it asks for: ${describe(missing)}`);
    if (foreign.length) fail(`${name} lists items UserContentItems without a kind does not: ${describe(foreign)}`);
    if (wrongKind.length) fail(`${name} (kinds ${kinds.join(', ')}) lists items of other tabs' kinds: ${describe(wrongKind)}`);
    if (variants.length) log(`    (also kinds no tab asks for: ${describe(variants)})`);
    if (!got.length) {
      warn(`the ${t.tab} tab lists nothing for ${EMAIL}: she has no item of the kinds it asks for `
           + `(${[...new Set(kinds)].join(', ')}); her items' kinds are ${[...new Set(all.map(i => i.kind))].join(', ')}`);
    }
    if (got.length && (count[t.group] ?? 0) === 0) {
      warn(`the ${t.tab} tab has ${got.length} item(s) but UserContentGroups ${t.group}=0 hides it`);
    }
    if (t.tab === 'events' && got.length !== (count.eventItems ?? 0)) {
      warn(`UserContentGroups eventItems=${count.eventItems ?? 0} but the events tab lists ${got.length}`);
    }
    if (t.tab === 'learningPath' && got.length !== (count.learningPaths ?? 0)) {
      fail(`UserContentGroups learningPaths=${count.learningPaths ?? 0} but the learningPath tab lists ${got.length}`);
    }
  }
  const unshown = all.filter(item => !shown.has(item.id));
  if (unshown.length) {
    warn(`no LearnerAccess tab lists these items of ${EMAIL} (no tab asks for their kinds): ${describe(unshown)}`);
  }
}

// ---------------------------------------------------------------------------------------------

function checkPersistedQueries() {
  const opsOf = name => requests.filter(r => r.round === name).flatMap(r => r.ops);
  const batchesOf = name => requests.filter(r => r.round === name && r.batch && r.ops.length > 1);

  const first = opsOf('round1');
  const firstBatches = batchesOf('round1');
  const hashOnly1 = first.filter(o => !o.hasQuery);
  const notFound1 = first.filter(o => o.notFound);
  log(`  round 1: ${requests.filter(r => r.round === 'round1').length} HTTP request(s), ${firstBatches.length} batched `
      + `(sizes ${firstBatches.map(r => r.ops.length).join(', ')}), ${first.length} operation(s) sent, `
      + `${hashOnly1.length} hash-only, ${notFound1.length} PersistedQueryNotFound`);
  if (!firstBatches.length) fail('round 1: BatchHttpLink sent no request holding several operations');
  if (!first.every(o => o.hash)) fail('round 1: some operation carried no extensions.persistedQuery hash');
  const probe1 = first.filter(o => o.operationName === PROBE);
  if (probe1.length !== 2 || probe1[0].hasQuery || !probe1[0].notFound || !probe1[1].hasQuery || probe1[1].errors.length) {
    fail(`round 1: the new document ${PROBE} should go out hash-only, get PersistedQueryNotFound, and be re-sent `
         + `with its query; it went ${JSON.stringify(probe1.map(({ query, ...o }) => o))}`);
  }
  for (const o of notFound1) {
    if (o.hasQuery) fail(`round 1: ${o.operationName} sent its query and still got PersistedQueryNotFound`);
    const retried = first.some(r => r.hash === o.hash && r.hasQuery && !r.notFound);
    if (!retried) fail(`round 1: ${o.operationName} was not re-sent with its query after PersistedQueryNotFound`);
  }

  const second = opsOf('round2');
  const secondBatches = batchesOf('round2');
  const withQuery2 = second.filter(o => o.hasQuery);
  const notFound2 = second.filter(o => o.notFound);
  log(`  round 2: ${requests.filter(r => r.round === 'round2').length} HTTP request(s), ${secondBatches.length} batched `
      + `(sizes ${secondBatches.map(r => r.ops.length).join(', ')}), ${second.length} operation(s) sent, `
      + `${second.length - withQuery2.length} hash-only, ${notFound2.length} PersistedQueryNotFound`);
  if (!secondBatches.length) fail('round 2: BatchHttpLink sent no request holding several operations');
  if (!second.length || second.some(o => !o.hash)) fail('round 2: some operation carried no persisted-query hash');
  for (const o of notFound2) fail(`round 2: the server no longer knew ${o.operationName} (${o.hash})`);
  if (second.filter(o => o.operationName === PROBE).length !== 1) fail(`round 2: ${PROBE} was not sent exactly once`);
  for (const o of withQuery2) {
    // Only documents the server refused in round 1 (never stored) may still carry their query.
    const refused = first.some(r => r.hash === o.hash && r.hasQuery && r.errors.length);
    if (!refused) fail(`round 2: ${o.operationName} was sent with its query although round 1 registered it`);
  }
}

function compareRounds(one, two) {
  for (const [name, r1] of Object.entries(one)) {
    const r2 = two[name];
    if (!r1.ok || !r2) continue;
    if (!r2.ok) fail(`round 2: ${name} failed:\n    ${describeError(r2.error)}`);
    else if (!isDeepStrictEqual(r1.data, r2.data)) fail(`round 2: ${name} returned other data than in round 1`);
  }
}

// ---------------------------------------------------------------------------------------------

async function login() {
  round = 'login';
  const client = await makeApolloClient(ENDPOINT, {}, undefined);
  let token;
  try {
    const result = await client.mutate({ mutation: DOCS.Login, variables: { email: EMAIL, password: PASSWORD } });
    token = result.data?.Login;
  } catch (error) {
    fail(`Login failed:\n    ${describeError(error)}`);
    return null;
  } finally {
    client.stop();
  }
  if (typeof token !== 'string' || !token) {
    fail(`Login returned no token: ${JSON.stringify(token)}`);
    return null;
  }
  // helium-server reads the session from the authToken cookie that Login sets.
  const cookies = requests.filter(r => r.round === 'login').flatMap(r => r.setCookies);
  const cookie = cookies.find(c => c.startsWith('authToken='));
  if (!cookie) {
    fail(`Login set no authToken cookie (Set-Cookie: ${JSON.stringify(cookies)})`);
  } else {
    const value = decodeURIComponent(cookie.slice('authToken='.length).split(';')[0]);
    if (value !== token) fail('the authToken cookie differs from data.Login');
    const attrs = cookie.toLowerCase();
    if (!attrs.includes('httponly') || !attrs.includes('path=/')) fail(`authToken cookie attributes: ${cookie}`);
  }
  log(`  Login: a token (${token.split('.').length === 3 ? 'JWT' : 'opaque'}), cookie ${cookie ? 'set' : 'missing'}`);
  return token;
}

// fetchUserAndAppearance (helium-server): POST `${instanceUrl}/helium?apiKey=` with { query }, no Apollo.
async function serverSideFetch(token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers['authToken'] = token;
  const response = await fetch(ENDPOINT, {
    method: 'POST', headers, body: JSON.stringify({ query: USER_AND_APPEARANCE_QUERY })
  });
  const body = await response.json().catch(() => null);
  if (response.status !== 200 || !body?.data || body.errors) {
    fail(`helium-server's UserAndAppearanceQuery (token: ${Boolean(token)}): HTTP ${response.status} ${JSON.stringify(body)}`);
    return;
  }
  const { CurrentUser, CompanyDetails } = body.data;
  if (token && CurrentUser?.email !== EMAIL) fail(`helium-server's UserAndAppearanceQuery: CurrentUser ${JSON.stringify(CurrentUser)}`);
  if (!token && CurrentUser !== null) fail('helium-server\'s UserAndAppearanceQuery without a token: CurrentUser is not null');
  if (!CompanyDetails?.settings) fail('helium-server\'s UserAndAppearanceQuery: CompanyDetails.settings is empty');
  log(`  helium-server UserAndAppearanceQuery (token: ${Boolean(token)}): CurrentUser=${CurrentUser?.email ?? null}, `
      + `accentColor=${CompanyDetails?.settings?.accentColor}`);
}

async function main() {
  if (!API_KEY) {
    console.error('LEARNER_API_KEY is not set');
    process.exit(2);
  }
  log(`Helium client against ${BASE_URL}/helium (node ${process.version})`);
  const token = await login();
  if (token) {
    await serverSideFetch(undefined);
    await serverSideFetch(token);
    log('round 1 (new documents):');
    const one = await runRound('round1', token);
    checkDashboard(one);
    log('round 2 (the next page load):');
    const two = await runRound('round2', token);
    compareRounds(one, two);
    log('automatic persisted queries and batching:');
    checkPersistedQueries();
  }
  for (const w of warnings) console.log(`WARNING: ${w}`);
  if (failures.length) {
    for (const f of failures) console.error(`FAIL: ${f}`);
    console.error(`${failures.length} failure(s)`);
    process.exit(1);
  }
  log(`OK${warnings.length ? ` (${warnings.length} warning(s))` : ''}`);
  process.exit(0);
}

const timer = setTimeout(() => {
  console.error(`FAIL: no result after ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS);
timer.unref();

main().catch(error => {
  console.error(`FAIL: ${describeError(error)}`);
  process.exit(1);
});
