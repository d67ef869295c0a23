/* The admin view: counts, charts, queues, filtered and paged jobs, job detail, actions, purge; live. */
(function () {
  'use strict';
  var B = window.BgJobs;
  var state = { page: 0, size: 10, total: 0, query: {}, detailId: null };
  var timers = { jobs: null, stats: null };
  // Answers can arrive out of order: each request is numbered, and an answer is dropped once a
  // later request's answer is on screen, so an older copy never replaces a newer one.
  var issued = { jobs: 0, stats: 0, detail: 0 };
  var shown = { jobs: 0, stats: 0, detail: 0 };

  function isStale(kind, n) {
    if (n < shown[kind]) { return true; }
    shown[kind] = n;
    return false;
  }

  function $(id) { return document.getElementById(id); }

  function showError(text) {
    var e = $('bgj-admin-error');
    e.textContent = B.visible(text);
    e.hidden = !text;
  }

  function params() {
    var p = new URLSearchParams();
    Object.keys(state.query).forEach(function (k) { if (state.query[k]) { p.set(k, state.query[k]); } });
    p.set('page', String(state.page));
    p.set('size', String(state.size));
    try { p.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'); } catch (e) { p.set('tz', 'UTC'); }
    return p.toString();
  }

  function loadJobs() {
    var n = ++issued.jobs;
    return B.request('GET', 'api/admin/jobs?' + params()).then(function (data) {
      if (isStale('jobs', n)) { return; }
      state.total = data.total;
      renderJobs(data);
      showError('');
    }).catch(function (e) { showError('Could not load jobs: ' + e.message); });
  }

  function renderJobs(data) {
    var body = $('bgj-jobs').tBodies[0];
    B.clear(body);
    if (!data.items.length) {
      body.appendChild(B.el('tr', {}, [B.el('td', { className: 'bgj-muted', text: 'No jobs match.', attrs: { colspan: '9' } })]));
    }
    data.items.forEach(function (job) {
      var buttons = B.el('div', { className: 'bgj-row-actions' });
      var actions = B.el('td', {}, [buttons]);
      if (job.canRetry) { buttons.appendChild(actionButton('Retry', job, 'retry')); }
      if (job.canCancel) { buttons.appendChild(actionButton('Cancel', job, 'cancel')); }
      var link = B.el('a', { href: '#job-' + job.id, text: job.id, on: { click: function (e) { e.preventDefault(); showDetail(job.id); } } });
      body.appendChild(B.el('tr', { dataset: { jobId: job.id, status: job.status }, className: 'bgj-row-' + job.status.toLowerCase() }, [
        B.el('td', {}, [link]),
        B.el('td', { className: 'bgj-status-cell' }, [B.statusIcon(job.status), ' ' + B.statusLabel(job.status) + (job.leaseExpired ? ' (worker gone)' : '')]),
        B.el('td', { className: 'bgj-cell-user', text: job.userName }),
        B.el('td', { className: 'bgj-cell-type', text: job.requestType }),
        B.el('td', { text: B.time(job.created) }),
        B.el('td', { text: B.duration(job.durationMillis) }),
        B.el('td', { text: String(job.attempts) }),
        B.el('td', { text: job.status === 'SUCCEEDED' ? '100%' : job.progressPercent === null ? '\u2013' : job.progressPercent + '%' }),
        actions
      ]));
    });
    var pages = Math.max(1, Math.ceil(data.total / data.pageSize));
    $('bgj-page-info').textContent = 'Page ' + (data.page + 1) + ' of ' + pages + ' \u00b7 ' + data.totalText + ' jobs';
    $('bgj-prev').disabled = data.page <= 0;
    $('bgj-next').disabled = data.page + 1 >= pages;
  }

  function actionButton(label, job, action) {
    return B.el('button', {
      type: 'button', className: 'bgj-btn bgj-small bgj-' + action, text: label,
      on: {
        click: function (e) {
          e.target.disabled = true;
          B.request('POST', 'api/admin/jobs/' + encodeURIComponent(job.id) + '/' + action)
            .then(function () { refreshSoon(); if (state.detailId === job.id) { showDetail(job.id); } })
            .catch(function (err) { e.target.disabled = false; showError(label + ' failed: ' + err.message); });
        }
      }
    });
  }

  function field(label, value) {
    return [B.el('dt', { text: label }), B.el('dd', { text: value === null || value === undefined || value === '' ? '\u2013' : String(value) })];
  }

  function showDetail(id) {
    state.detailId = id;
    var n = ++issued.detail;
    return B.request('GET', 'api/admin/jobs/' + encodeURIComponent(id)).then(function (job) {
      if (isStale('detail', n) || state.detailId !== id) { return; }
      var d = $('bgj-detail');
      B.clear(d);
      var dl = B.el('dl', { className: 'bgj-fields' }, [].concat(
        field('Status', B.statusLabel(job.status) + (job.cancelRequested ? ' (cancel requested)' : '')),
        field('User', job.userName), field('Request type', job.requestType), field('Queue', job.queueName),
        field('Created', B.time(job.created)), field('Started', B.time(job.started)), field('Completed', B.time(job.completed)),
        field('Duration', B.duration(job.durationMillis)), field('Queue latency', B.duration(job.queueLatencyMillis)),
        field('Attempts', job.attempts), field('Messages sent', job.sendCount), field('Next attempt', B.time(job.nextAttemptAt)),
        field('Lease', job.leaseOwner ? job.leaseOwner + ' until ' + B.time(job.leaseExpiresAt) + (job.leaseExpired ? ' (expired: its worker is gone; Retry or Cancel it)' : '') : ''),
        field('Progress', job.progressPercent === null ? '' : job.progressPercent + '% ' + (job.progressMessage || '')),
        field('Updated', B.time(job.updatedAt)), field('Version', job.version)));
      var actions = B.el('div', { className: 'bgj-actions' });
      if (job.canRetry) { actions.appendChild(actionButton('Retry', job, 'retry')); }
      if (job.canCancel) { actions.appendChild(actionButton('Cancel', job, 'cancel')); }
      actions.appendChild(B.el('button', { type: 'button', className: 'bgj-btn bgj-small', text: 'Close',
        on: { click: function () { d.hidden = true; state.detailId = null; } } }));
      var parts = [B.el('h2', { text: 'Job ' + job.id }), actions, dl,
        B.el('h3', { text: 'Request' }), B.el('pre', { className: 'bgj-json bgj-detail-request', text: B.prettyJson(job.requestData) })];
      if (job.resultData) {
        parts.push(B.el('h3', { text: 'Result' }), B.el('pre', { className: 'bgj-json bgj-detail-result', text: B.prettyJson(job.resultData) }));
      }
      if (job.error) {
        parts.push(B.el('h3', { text: 'Error (' + (job.error.context || '') + ', attempt ' + job.error.attempt + ')' }),
          B.el('p', { className: 'bgj-error bgj-detail-error', text: (job.error.messages || [job.error.message]).join('\n') }));
        if (job.error.stackTrace) {
          parts.push(B.el('pre', { className: 'bgj-stack', text: job.error.stackTrace }));
        }
      }
      parts.forEach(function (p) { d.appendChild(p); });
      d.hidden = false;
      d.dataset.jobId = job.id;
    }).catch(function (e) { showError('Could not load job ' + id + ': ' + e.message); });
  }

  function loadStats() {
    var n = ++issued.stats;
    return B.request('GET', 'api/admin/stats?hours=24').then(function (s) {
      if (isStale('stats', n)) { return; }
      var counts = $('bgj-counts');
      B.clear(counts);
      Object.keys(s.countsByStatus).forEach(function (k) {
        counts.appendChild(B.el('div', { className: 'bgj-card bgj-card-' + k.toLowerCase(), dataset: { status: k } }, [
          B.el('span', { className: 'bgj-card-value', text: String(s.countsByStatus[k]) }),
          B.el('span', { className: 'bgj-card-label', text: B.statusLabel(k) })]));
      });
      B.charts.throughput($('bgj-throughput'), s.throughput, s.bucket === 'HOURS');
      B.charts.failures($('bgj-failures'), s.byRequestType);
      var q = $('bgj-queues').tBodies[0];
      B.clear(q);
      if (!s.queues.length) {
        q.appendChild(B.el('tr', {}, [B.el('td', { className: 'bgj-muted', text: 'No queues configured.', attrs: { colspan: '3' } })]));
      }
      s.queues.forEach(function (x) {
        q.appendChild(B.el('tr', { dataset: { queue: x.name } }, [B.el('td', { text: x.name }),
          B.el('td', { text: x.length === null ? 'unknown' : String(x.length) }),
          B.el('td', { text: x.poisonLength === null ? 'unknown' : String(x.poisonLength) })]));
      });
    }).catch(function (e) { showError('Could not load statistics: ' + e.message); });
  }

  /** Live refresh, at most twice a second for the list and every two seconds for the statistics. */
  function refreshSoon() {
    if (!timers.jobs) { timers.jobs = setTimeout(function () { timers.jobs = null; loadJobs(); }, 300); }
    if (!timers.stats) { timers.stats = setTimeout(function () { timers.stats = null; loadStats(); }, 2000); }
  }

  function connect() {
    if (!window.EventSource) { return; }
    var live = $('bgj-live');
    var source = new EventSource(B.base() + 'api/admin/events');
    source.addEventListener('ready', function () {
      live.textContent = 'live';
      live.className = 'bgj-conn bgj-conn-live';
      // Changes made between the first read and the subscription reached neither: read everything again.
      loadJobs();
      loadStats();
      if (state.detailId !== null) { showDetail(state.detailId); }
    });
    source.addEventListener('resync', refreshSoon);
    function signedOut() {
      live.textContent = 'signed out';
      live.className = 'bgj-conn bgj-conn-down';
      live.dataset.signedOut = 'true';
    }
    source.addEventListener('signedout', function () {
      source.close();
      signedOut();
    });
    source.addEventListener('job', function (e) {
      var job = JSON.parse(e.data);
      refreshSoon();
      if (state.detailId === job.id) { showDetail(job.id); }
    });
    source.onerror = function () {
      live.textContent = 'reconnecting\u2026';
      live.className = 'bgj-conn bgj-conn-down';
      if (source.readyState === EventSource.CLOSED) {
        // As the bell: retry later unless the sign-in is gone (401), which no retry mends.
        setTimeout(function () {
          B.signedIn().then(function (yes) { if (yes === false) { signedOut(); } else { connect(); } });
        }, 3000);
      }
    };
  }

  function start() {
    $('bgj-filters').addEventListener('submit', function (e) {
      e.preventDefault();
      state.query = { user: $('f-user').value.trim(), type: $('f-type').value.trim(), status: $('f-status').value,
        from: $('f-from').value, through: $('f-through').value };
      state.page = 0;
      loadJobs();
    });
    $('bgj-filters').addEventListener('reset', function () {
      state.query = {};
      state.page = 0;
      setTimeout(loadJobs, 0);
    });
    $('bgj-prev').addEventListener('click', function () { if (state.page > 0) { state.page--; loadJobs(); } });
    $('bgj-next').addEventListener('click', function () { state.page++; loadJobs(); });
    $('bgj-purge').addEventListener('submit', function (e) {
      e.preventDefault();
      var statuses = Array.prototype.filter.call(document.querySelectorAll('input[name="p-status"]'), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      var days = parseInt($('p-days').value, 10);
      if (!window.confirm('Delete ' + statuses.join(', ') + ' jobs completed more than ' + days + ' days ago?')) { return; }
      B.request('POST', 'api/admin/purge', { olderThanDays: days, statuses: statuses }).then(function (r) {
        $('p-result').textContent = r.deleted + ' jobs deleted.';
        refreshSoon();
      }).catch(function (err) { $('p-result').textContent = 'Purge failed: ' + err.message; });
    });
    // A link to #job-<id> (the recurring jobs' last job) opens that job's detail.
    function fromHash() {
      var m = /^#job-(.+)$/.exec(window.location.hash);
      if (m) { showDetail(decodeURIComponent(m[1])); }
    }
    window.addEventListener('hashchange', fromHash);
    loadJobs();
    loadStats();
    connect();
    fromHash();
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
