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
  function request(method, path, body) {
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
          var err = new Error((data && data.error) || ('HTTP ' + res.status));
          err.status = res.status;
          throw err;
        }
        return data;
      });
    });
  }

  /** el('div', {className: 'x', text: 'hi', dataset: {...}, attrs: {...}, on: {click: fn}}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null) { return; }
      if (k === 'text') { node.textContent = String(v); }
      else if (k === 'className') { node.className = v; }
      else if (k === 'dataset') { Object.keys(v).forEach(function (d) { node.dataset[d] = v[d]; }); }
      else if (k === 'attrs') { Object.keys(v).forEach(function (a) { node.setAttribute(a, v[a]); }); }
      else if (k === 'on') { Object.keys(v).forEach(function (e) { node.addEventListener(e, v[e]); }); }
      else { node[k] = v; }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
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

  /** The status icon: a spinner while running; check, warning, abort or cancel mark when done. */
  function statusIcon(status) {
    var span = el('span', {
      className: 'bgj-icon bgj-icon-' + status.toLowerCase(),
      attrs: { role: 'img', 'aria-label': STATUS_LABEL[status] || status, title: STATUS_LABEL[status] || status }
    });
    var glyph = { PENDING: '\u23F3', SUCCEEDED: '\u2714', FAILED: '\u26A0', ABORTED: '\u2298', CANCELLED: '\u2715' }[status];
    if (glyph) { span.textContent = glyph; }
    return span;
  }

  window.BgJobs = {
    base: base, me: me, request: request, el: el, svg: svg, clear: clear, time: time, duration: duration,
    prettyJson: prettyJson, statusIcon: statusIcon, statusLabel: function (s) { return STATUS_LABEL[s] || s; }
  };
})();
