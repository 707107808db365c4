/* GraphiQL for the learner API: the endpoint is the page's own path (/graphql or /helium), the
 * instance API key comes from the box in the top bar (kept in localStorage) and is sent as
 * `Authorization: Bearer KEY`; the headers editor's JSON (e.g. {"authToken": "..."}) is sent too. */
(function () {
  'use strict';

  var h = React.createElement;
  var KEY_STORAGE = 'learner-api:apiKey';
  var ENDPOINT = window.location.pathname.replace(/\/+$/, '') || '/graphql';

  var DEFAULT_QUERY = [
    '# Welcome to the learner API (Helium-compatible GraphQL).',
    '#',
    '# 1. Paste the instance API key into the box above',
    '#    (scripts/serve prints the demo key).',
    '# 2. Press the run button (\u25B6) and pick "Login":',
    '#    the result is a login token for Jane Doe.',
    '# 3. Put the token in the Headers tab below:',
    '#      {"authToken": "THE TOKEN"}',
    '# 4. Press the run button again and pick "Me":',
    '#    CurrentUser is now Jane Doe.',
    '#',
    '# The book icon on the left opens the schema docs.',
    '',
    'mutation Login {',
    '  Login(email: "jane.doe@example.com",',
    '        password: "demo-password")',
    '}',
    '',
    'query Me {',
    '  CurrentUser {',
    '    name',
    '    email',
    '  }',
    '}',
    ''
  ].join('\n');

  var DEFAULT_HEADERS = '{\n  "authToken": ""\n}';

  function storedKey() {
    var fromUrl = new URLSearchParams(window.location.search).get('apiKey');
    if (fromUrl) return fromUrl;
    try {
      return window.localStorage.getItem(KEY_STORAGE) || '';
    } catch (e) {
      return '';
    }
  }

  function storeKey(key) {
    try {
      if (key) window.localStorage.setItem(KEY_STORAGE, key);
      else window.localStorage.removeItem(KEY_STORAGE);
    } catch (e) { /* private mode: the key just is not remembered */ }
  }

  // Headers of the headers editor win over the API key box (so a header named Authorization replaces it).
  function makeFetcher(apiKey) {
    return function fetcher(graphQLParams, options) {
      var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
      var extra = (options && options.headers) || {};
      var hasAuthorization = Object.keys(extra).some(function (name) {
        return name.toLowerCase() === 'authorization';
      });
      if (apiKey && !hasAuthorization) headers.Authorization = 'Bearer ' + apiKey;
      Object.keys(extra).forEach(function (name) {
        var value = extra[name];
        if (value === null || value === undefined) return;
        headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
      });
      return fetch(ENDPOINT, {
        method: 'POST',
        headers: headers,
        body: JSON.stringify(graphQLParams),
        credentials: 'same-origin'
      }).then(function (response) {
        return response.text().then(function (text) {
          try {
            return JSON.parse(text);
          } catch (e) {
            return { errors: [{ message: 'HTTP ' + response.status + ': ' + text }] };
          }
        });
      });
    };
  }

  function TopBar(props) {
    return h('header', { className: 'learner-topbar' },
      h('span', { className: 'learner-title' }, 'Learner API'),
      h('code', { className: 'learner-endpoint', title: 'GraphQL endpoint' }, 'POST ' + ENDPOINT),
      h('form', {
        className: 'learner-key',
        autoComplete: 'off',
        onSubmit: function (event) { event.preventDefault(); }
      }, h('label', { htmlFor: 'api-key' }, 'API key'),
        h('input', {
          id: 'api-key',
          name: 'api-key',
          type: 'password',
          autoComplete: 'off',
          spellCheck: false,
          placeholder: 'paste the instance API key',
          value: props.draft,
          onChange: function (event) { props.onDraft(event.target.value); }
        })),
      h('span', { className: 'learner-hint' + (props.apiKey ? '' : ' learner-hint-missing') },
        props.apiKey ? 'sent as Authorization: Bearer … (kept in this browser)'
          : 'every request needs the API key'));
  }

  function App() {
    var initial = React.useMemo(storedKey, []);
    var draftState = React.useState(initial);
    var keyState = React.useState(initial.trim());
    var draft = draftState[0], setDraft = draftState[1];
    var apiKey = keyState[0], setApiKey = keyState[1];

    // Apply the key once typing pauses, so the schema is not fetched on every keystroke.
    React.useEffect(function () {
      var timer = window.setTimeout(function () { setApiKey(draft.trim()); }, 300);
      return function () { window.clearTimeout(timer); };
    }, [draft]);
    React.useEffect(function () { storeKey(apiKey); }, [apiKey]);

    // A new fetcher makes GraphiQL fetch the schema again; without a key it is not fetched at all.
    var fetcher = React.useMemo(function () { return makeFetcher(apiKey); }, [apiKey]);
    var graphiqlProps = {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultHeaders: DEFAULT_HEADERS,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true
    };
    if (!apiKey) graphiqlProps.schema = null;

    return h('div', { className: 'learner-page' },
      h(TopBar, { draft: draft, apiKey: apiKey, onDraft: setDraft }),
      h('div', { className: 'learner-ide' }, h(GraphiQL, graphiqlProps)));
  }

  ReactDOM.createRoot(document.getElementById('root')).render(h(App));
})();
