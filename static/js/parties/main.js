// A party's page (views/pages/parties_edit.templ). Its forms are plain
// forms that work without this script; with it, htmx posts them and the
// answer, the page's content (#party-page), replaces it: a refused form
// with its message beside the field, a change with its notice. A merge
// answers with a full load of the party merged into, since this page is
// gone.
// The merge form's field completes names from the registry as the editor
// types.

import htmx from '../../vendor/htmx/htmx.esm.js';

// Under the Content-Security-Policy (script-src 'self') nothing may be
// evaluated or injected. A refusal (4xx) is swapped in like a success.
Object.assign(htmx.config, {
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyEnabled: false,
  selfRequestsOnly: true,
  defaultSettleDelay: 0, // as in static/js/workspace/main.js
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true, error: false },
  ],
});

const csrf = document.querySelector('meta[name="csrf-token"]').content;

document.addEventListener('htmx:configRequest', (ev) => {
  ev.detail.headers['X-CSRF-Token'] = csrf;
});
