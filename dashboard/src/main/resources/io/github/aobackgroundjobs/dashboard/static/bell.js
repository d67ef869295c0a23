/*
 * The notification bell: a badge with the signed-in user's jobs and a panel listing each one,
 * live over server-sent events. Mounts on every element with the attribute data-bgjobs-bell.
 * Everything is inserted as text nodes: job data never becomes HTML.
 */
(function () {
  'use strict';
  var B = window.BgJobs;

  /** Type-specific output: renderers by item kind, as the server's JobRenderer describes it. */
  var renderers = {
    download: function (item, job) {
      return B.el('a', {
        className: 'bgj-download', text: item.label,
        href: B.base() + 'api/jobs/' + encodeURIComponent(job.id) + '/download',
        attrs: { download: '' }
      });
    },
    link: function (item) {
      var href = B.safeHref(item.value);
      if (href === null) { return renderers.text(item); }
      return B.el('a', { className: 'bgj-link', text: item.label, href: href, attrs: { rel: 'noopener noreferrer' } });
    },
    text: function (item) {
      return B.el('span', { className: 'bgj-output-text' }, [
        B.el('span', { className: 'bgj-label', text: item.label + ': ' }), B.el('span', { text: item.value })]);
    }
  };

  // Progress snapshots keep the version of their claim, so the write time breaks ties.
  function isNewer(a, b) {
    return a.version > b.version || (a.version === b.version && (a.updatedAt || '') > (b.updatedAt || ''));
  }

  function Bell(root) {
    this.root = root;
    this.jobs = new Map();
    this.source = null;
    this.connected = false;
    this.build();
    this.load();
    this.connect();
  }

  Bell.prototype.build = function () {
    var self = this;
    B.clear(this.root);
    this.root.classList.add('bgj-bell');
    this.badge = B.el('span', { className: 'bgj-badge', hidden: true, attrs: { 'aria-live': 'polite' } });
    this.button = B.el('button', {
      type: 'button', className: 'bgj-bell-button',
      attrs: { 'aria-label': 'Background jobs', 'aria-expanded': 'false', 'aria-haspopup': 'true' },
      on: { click: function () { self.toggle(); } }
    }, [bellIcon(), this.badge]);
    this.list = B.el('ul', { className: 'bgj-list' });
    this.empty = B.el('p', { className: 'bgj-empty', text: 'No jobs right now.' });
    this.status = B.el('span', { className: 'bgj-conn', text: 'connecting\u2026' });
    this.message = B.el('p', { className: 'bgj-message', hidden: true, attrs: { role: 'alert' } });
    this.panel = B.el('div', { className: 'bgj-panel', hidden: true, attrs: { role: 'region', 'aria-label': 'Your jobs' } }, [
      B.el('div', { className: 'bgj-panel-head' }, [B.el('strong', { text: 'Your jobs' }), this.status]),
      this.message, this.list, this.empty
    ]);
    this.root.appendChild(this.button);
    this.root.appendChild(this.panel);
  };

  Bell.prototype.toggle = function (open) {
    var show = open === undefined ? this.panel.hidden : open;
    this.panel.hidden = !show;
    this.button.setAttribute('aria-expanded', String(show));
  };

  Bell.prototype.load = function () {
    var self = this;
    return B.request('GET', 'api/jobs').then(function (data) {
      // A live event may have overtaken this answer: keep whichever copy of a job is newer.
      var fresh = new Map();
      data.jobs.forEach(function (j) {
        var known = self.jobs.get(j.id);
        fresh.set(j.id, known && isNewer(known, j) ? known : j);
      });
      self.jobs = fresh;
      self.render();
    }).catch(function (e) { self.flash('Could not load your jobs: ' + e.message); });
  };

  Bell.prototype.connect = function () {
    var self = this;
    if (!window.EventSource) { return; }
    var source = new EventSource(B.base() + 'api/events');
    this.source = source;
    source.addEventListener('job', function (e) { self.upsert(JSON.parse(e.data)); });
    source.addEventListener('resync', function () { self.load(); });
    source.addEventListener('signedout', function () {
      // The sign-in this stream was opened under has ended: reconnecting would only be refused.
      source.close();
      self.signedOut();
    });
    source.addEventListener('ready', function () {
      self.setConnected(true);
      // Changes made between the first list and the subscription reached neither: read the list again.
      self.load();
    });
    source.onerror = function () {
      self.setConnected(false);
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (the server answered an error, e.g. 401 after a restart ended every
        // session): start over a little later, unless the sign-in is gone, which no retry mends.
        setTimeout(function () {
          if (self.source !== source) { return; }
          B.signedIn().then(function (yes) {
            if (self.source !== source) { return; }
            if (yes === false) { self.signedOut(); } else { self.connect(); self.load(); }
          });
        }, 3000);
      }
    };
  };

  Bell.prototype.signedOut = function () {
    this.source = null;
    this.setConnected(false);
    this.status.textContent = 'signed out';
    this.root.dataset.signedOut = 'true';
  };

  Bell.prototype.setConnected = function (on) {
    this.connected = on;
    this.status.textContent = on ? 'live' : 'reconnecting\u2026';
    this.status.className = 'bgj-conn ' + (on ? 'bgj-conn-live' : 'bgj-conn-down');
    this.root.dataset.connected = String(on);
  };

  Bell.prototype.upsert = function (job) {
    var known = this.jobs.get(job.id);
    if (known && isNewer(known, job)) { return; }
    if (job.cleared) { this.jobs.delete(job.id); } else { this.jobs.set(job.id, job); }
    this.render();
  };

  Bell.prototype.flash = function (text) {
    var m = this.message;
    m.textContent = B.visible(text);
    m.hidden = false;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(function () { m.hidden = true; }, 6000);
  };

  /** Renders once for a burst of events: the events of one network read arrive as separate tasks. */
  Bell.prototype.render = function () {
    var self = this;
    if (this.renderPending) { return; }
    this.renderPending = true;
    setTimeout(function () { self.renderPending = false; self.renderNow(); }, 0);
  };

  /** Updates the list in place: only changed rows are rebuilt, rows are moved only when out of order. */
  Bell.prototype.renderNow = function () {
    var self = this;
    var jobs = Array.from(this.jobs.values()).sort(function (a, b) {
      return (b.created || '').localeCompare(a.created || '') || b.id.localeCompare(a.id);
    });
    this.badge.textContent = String(jobs.length);
    this.badge.hidden = jobs.length === 0;
    this.root.dataset.count = String(jobs.length);
    this.empty.hidden = jobs.length > 0;
    var existing = new Map();
    Array.from(this.list.children).forEach(function (li) { existing.set(li.dataset.jobId, li); });
    var wanted = new Set();
    jobs.forEach(function (job, i) {
      wanted.add(job.id);
      var li = existing.get(job.id);
      if (li && li.dataset.stamp !== stamp(job) && !self.patch(li, job)) {
        var fresh = self.item(job);
        self.list.replaceChild(fresh, li);
        li = fresh;
      } else if (!li) {
        li = self.item(job);
      }
      var at = self.list.children[i];
      if (at !== li) { self.list.insertBefore(li, at || null); }
    });
    existing.forEach(function (li, id) { if (!wanted.has(id) && li.parentNode) { li.parentNode.removeChild(li); } });
  };

  /**
   * A progress report on a running job changes only the bar and its text: update them in place,
   * so the row (and the button under the pointer) stays the same element.
   */
  Bell.prototype.patch = function (li, job) {
    var bar = li.querySelector('.bgj-progress');
    var text = li.querySelector('.bgj-progress-text');
    if (job.status !== 'RUNNING' || li.dataset.status !== 'RUNNING' || !bar || !text
        || li.dataset.cancel !== String(job.canCancel)) {
      return false;
    }
    var pct = Math.max(0, Math.min(100, job.progressPercent || 0));
    bar.setAttribute('aria-valuenow', String(pct));
    bar.firstChild.style.width = pct + '%';
    text.textContent = B.visible(pct + '%' + (job.progressMessage ? ' \u2013 ' + job.progressMessage : ''));
    li.dataset.stamp = stamp(job);
    li.dataset.version = String(job.version);
    return true;
  };

  Bell.prototype.item = function (job) {
    var self = this;
    var terminal = ['SUCCEEDED', 'FAILED', 'ABORTED', 'CANCELLED'].indexOf(job.status) >= 0;
    var children = [];
    children.push(B.el('div', { className: 'bgj-job-head' }, [
      B.statusIcon(job.status),
      B.el('span', { className: 'bgj-type', text: job.requestType }),
      B.el('span', { className: 'bgj-status', text: B.statusLabel(job.status) + (job.cancelRequested && !terminal ? ' (cancelling)' : '') })
    ]));
    if (job.status === 'RUNNING' || (job.progressPercent !== null && job.status !== 'SUCCEEDED')) {
      var pct = Math.max(0, Math.min(100, job.progressPercent || 0));
      var bar = B.el('div', { className: 'bgj-progress-bar' });
      bar.style.width = pct + '%';
      children.push(B.el('div', {
        className: 'bgj-progress',
        attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) }
      }, [bar]));
      children.push(B.el('div', { className: 'bgj-progress-text', text: pct + '%' + (job.progressMessage ? ' \u2013 ' + job.progressMessage : '') }));
    }
    children.push(B.el('dl', { className: 'bgj-times' }, [
      B.el('dt', { text: 'Started' }), B.el('dd', { className: 'bgj-started', text: B.time(job.started) }),
      B.el('dt', { text: 'Completed' }), B.el('dd', { className: 'bgj-completed', text: B.time(job.completed) }),
      B.el('dt', { text: 'Duration' }), B.el('dd', { className: 'bgj-duration', text: B.duration(job.durationMillis) })
    ]));
    if (job.requestData) {
      children.push(B.el('div', { className: 'bgj-request', attrs: { title: 'Request' }, text: job.requestData }));
    }
    if (job.error && (job.status === 'FAILED' || job.status === 'ABORTED' || job.status === 'PENDING')) {
      children.push(B.el('div', { className: 'bgj-error', text: job.error.message || 'Failed.' }));
    }
    if (job.status === 'SUCCEEDED') {
      if (job.output) {
        var out = B.el('div', { className: 'bgj-output' });
        job.output.forEach(function (item) {
          var r = renderers[item.kind];
          if (r) { out.appendChild(r(item, job)); }
        });
        children.push(out);
      } else if (job.resultData) {
        children.push(B.el('pre', { className: 'bgj-result', text: B.prettyJson(job.resultData) }));
      }
    }
    var actions = B.el('div', { className: 'bgj-actions' });
    if (job.canCancel) { actions.appendChild(this.actionButton('Cancel', 'bgj-cancel', job, 'cancel')); }
    if (job.canRetry) { actions.appendChild(this.actionButton('Retry', 'bgj-retry', job, 'retry')); }
    if (terminal) { actions.appendChild(this.actionButton('Clear', 'bgj-clear', job, 'clear')); }
    children.push(actions);
    return B.el('li', {
      className: 'bgj-job bgj-job-' + job.status.toLowerCase(),
      dataset: { jobId: job.id, status: job.status, version: String(job.version), stamp: stamp(job),
        cancel: String(job.canCancel) }
    }, children);
  };

  Bell.prototype.actionButton = function (label, cls, job, action) {
    var self = this;
    return B.el('button', {
      type: 'button', className: 'bgj-btn ' + cls, text: label,
      on: {
        click: function (e) {
          e.target.disabled = true;
          B.request('POST', 'api/jobs/' + encodeURIComponent(job.id) + '/' + action).then(function () {
            if (action === 'clear') { self.jobs.delete(job.id); self.render(); }
          }).catch(function (err) {
            e.target.disabled = false;
            self.flash(label + ' failed: ' + err.message);
          });
        }
      }
    });
  };

  function stamp(job) {
    return job.version + '|' + (job.updatedAt || '') + '|' + job.progressPercent + '|' + job.status;
  }

  function bellIcon() {
    return B.svg('svg', { viewBox: '0 0 24 24', width: '22', height: '22', 'aria-hidden': 'true', class: 'bgj-bell-icon' }, [
      B.svg('path', { d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z' })
    ]);
  }

  function start() {
    var roots = document.querySelectorAll('[data-bgjobs-bell]');
    Array.prototype.forEach.call(roots, function (root) {
      var bell = new Bell(root);
      root.bgjobsBell = bell;
      if (root.hasAttribute('data-open')) { bell.toggle(true); }
    });
  }

  window.BgJobs.renderers = renderers;
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
