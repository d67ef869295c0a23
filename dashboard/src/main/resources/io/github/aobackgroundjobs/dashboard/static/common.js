/* Shared helpers of the dashboard pages: API calls, DOM building (text only, never HTML), formatting. */
(function () {
  'use strict';

  var state = { me: null, mePromise: null };

  /** Base URL of the dashboard API: data-bgjobs-base on <html>, else the page's directory. */
  function base() {
    var b = document.documentElement.getAttribute('data-bgjobs-base');
    return b === null ? '' : b;
  }

  function me() {
    if (!state.mePromise) {
      state.mePromise = request('GET', 'api/me').then(function (m) { state.me = m; return m; });
    }
    return state.mePromise;
  }

  /** fetch with the cross-site-request token on POSTs; resolves with parsed JSON, rejects with {status, message}. */
  function request(method, path, body, tokenRenewed) {
    var headers = { 'Accept': 'application/json' };
    var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
    var ready = Promise.resolve();
    if (method !== 'GET') {
      ready = (path === 'api/login' || path === 'api/logout') ? Promise.resolve() : me().then(function (m) {
        headers['X-CSRF-Token'] = m.csrfToken;
      });
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body || {});
    }
    return ready.then(function () { return fetch(base() + path, init); }).then(function (res) {
      if (res.status === 204) { return {}; }
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
        if (!res.ok) {
          if (res.status === 403 && method !== 'GET' && !tokenRenewed && state.mePromise &&
              path !== 'api/login' && path !== 'api/logout') {
            // The token is the session's the page read at its start; a sign-in in another tab
            // since replaced the cookie with a new session's. A refused post did nothing: read the
            // current session's token and send it once more.
            state.mePromise = null;
            return request(method, path, body, true);
          }
          var err = new Error((data && data.error) || ('HTTP ' + res.status));
          err.status = res.status;
          throw err;
        }
        return data;
      });
    });
  }

  /**
   * Whether the page's sign-in still holds, asked afresh (not the page's cached api/me): resolves
   * true (200), false (401: the session is gone, as after a server restart or an expiry), or null
   * when the server cannot tell (unreachable, another error), so a caller keeps trying.
   */
  function signedIn() {
    return fetch(base() + 'api/me', { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (res) { return res.status === 401 ? false : (res.ok ? true : null); },
        function () { return null; });
  }

  /*
   * Bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) reorder the text
   * around them: "\u202Efdp.exe" would read "exe.pdf". Job data shows them as visible escapes.
   */
  var BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

  function visible(text) {
    return String(text).replace(BIDI, function (c) {
      return '\u27E8U+' + c.charCodeAt(0).toString(16).toUpperCase() + '\u27E9';
    });
  }

  /*
   * A link target the page may follow: a path on this site, or an http(s) URL the server let
   * through (it turns URLs off the application's allow-list into text). Backslashes, control
   * characters and a leading "//" can lead a browser off-site, so such targets are never links.
   */
  function safeHref(target) {
    if (typeof target !== 'string' || target === '' || /[\\\u0000-\u0020\u007F-\u009F\s]/.test(target) ||
        target.indexOf('//') === 0) {
      return null;
    }
    var url;
    try { url = new URL(target, window.location.href); } catch (e) { return null; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') { return null; }
    var absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target);
    if (!absolute && url.origin !== window.location.origin) { return null; }
    return url.href;
  }

  /** el('div', {className: 'x', text: 'hi', dataset: {...}, attrs: {...}, on: {click: fn}}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null) { return; }
      if (k === 'text') { node.textContent = visible(v); }
      else if (k === 'className') { node.className = v; }
      else if (k === 'dataset') { Object.keys(v).forEach(function (d) { node.dataset[d] = v[d]; }); }
      else if (k === 'attrs') { Object.keys(v).forEach(function (a) { node.setAttribute(a, v[a]); }); }
      else if (k === 'on') { Object.keys(v).forEach(function (e) { node.addEventListener(e, v[e]); }); }
      else { node[k] = v; }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === 'string' ? document.createTextNode(visible(c)) : c);
    });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function time(iso) {
    if (!iso) { return '\u2013'; }
    var d = new Date(iso);
    var today = new Date();
    return d.toDateString() === today.toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function duration(ms) {
    if (ms === null || ms === undefined) { return '\u2013'; }
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + ' s'; }
    var m = Math.floor(ms / 60000);
    return m + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  /** Pretty JSON of a stored JSON string; shown with textContent, so it stays text. */
  function prettyJson(text) {
    if (text === null || text === undefined) { return ''; }
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return String(text); }
  }

  var STATUS_LABEL = {
    PENDING: 'Queued', RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed',
    ABORTED: 'Aborted', CANCELLED: 'Cancelled'
  };

  /*
   * The status icons are the dashboard's own drawings (SVG paths), not font glyphs: fonts differ
   * between systems, and Debian's Chromium has no hourglass glyph.
   */
  var ICON_PATHS = {
    PENDING: 'M7 3h10M7 21h10M8 3c0 5 8 5 8 9s-8 4-8 9M16 3c0 5-8 5-8 9s8 4 8 9',
    SUCCEEDED: 'M5 12.5l4.5 4.5L19 7',
    FAILED: 'M12 3L22 20H2zM12 9.5v5M12 17v.5',
    ABORTED: 'M12 3a9 9 0 1 0 0.01 0zM5.6 18.4L18.4 5.6',
    CANCELLED: 'M6 6l12 12M18 6L6 18'
  };

  /** The status icon: a spinner while running; an hourglass, check, warning, abort or cancel mark otherwise. */
  function statusIcon(status) {
    var span = el('span', {
      className: 'bgj-icon bgj-icon-' + status.toLowerCase(),
      attrs: { role: 'img', 'aria-label': STATUS_LABEL[status] || status, title: STATUS_LABEL[status] || status }
    });
    var path = ICON_PATHS[status];
    if (path) {
      span.appendChild(svg('svg', {
        viewBox: '0 0 24 24', width: '16', height: '16', 'aria-hidden': 'true', focusable: 'false',
        'class': 'bgj-icon-svg'
      }, [svg('path', {
        d: path, fill: 'none', stroke: 'currentColor', 'stroke-width': '2.2',
        'stroke-linecap': 'round', 'stroke-linejoin': 'round'
      })]));
    }
    return span;
  }

  window.BgJobs = {
    base: base, me: me, signedIn: signedIn, visible: visible, safeHref: safeHref, request: request, el: el, svg: svg, clear: clear, time: time, duration: duration,
    prettyJson: prettyJson, statusIcon: statusIcon, statusLabel: function (s) { return STATUS_LABEL[s] || s; }
  };
})();
