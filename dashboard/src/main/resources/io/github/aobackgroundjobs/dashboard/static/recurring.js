/* The admin view's recurring jobs and retention: list, run now, pause, resume, delete. */
(function () {
  'use strict';
  var B = window.BgJobs;

  function $(id) { return document.getElementById(id); }

  function showError(text) {
    var e = $('bgj-admin-error');
    e.textContent = text;
    e.hidden = false;
  }

  function action(label, name, verb, confirmText) {
    return B.el('button', {
      type: 'button', className: 'bgj-btn', text: label, dataset: { action: verb },
      on: {
        click: function (e) {
          if (confirmText && !window.confirm(confirmText)) { return; }
          e.target.disabled = true;
          B.request('POST', 'api/admin/recurring/' + encodeURIComponent(name) + '/' + verb)
            .then(load)
            .catch(function (err) { e.target.disabled = false; showError(label + ' failed: ' + err.message); });
        }
      }
    });
  }

  function row(d) {
    var state = [];
    if (!d.declared) { state.push('not declared'); }
    if (d.paused) { state.push('paused'); }
    if (state.length === 0) { state.push('active'); }
    var lastJob = d.lastJobId
      ? B.el('a', { href: '#job-' + d.lastJobId, className: 'bgj-recurring-last', text: d.lastJobId + (d.lastJobStatus ? ' ' + B.statusLabel(d.lastJobStatus) : '') })
      : B.el('span', { text: '\u2014' });
    var actions = B.el('td', { className: 'bgj-actions' }, [action('Run now', d.name, 'run')]);
    actions.appendChild(d.paused ? action('Resume', d.name, 'resume') : action('Pause', d.name, 'pause'));
    if (!d.declared) {
      actions.appendChild(action('Delete', d.name, 'delete', 'Delete the recurring job ' + d.name + '?'));
    }
    return B.el('tr', { dataset: { recurring: d.name, declared: String(d.declared), paused: String(d.paused) } }, [
      B.el('td', { className: 'bgj-cell-name', text: d.name }),
      B.el('td', { className: 'bgj-cell-schedule', text: d.schedule }),
      B.el('td', { text: d.zone }),
      B.el('td', { text: d.queue + ' / ' + d.user }),
      B.el('td', { className: 'bgj-cell-next', text: d.nextFireAt ? B.time(d.nextFireAt) : '\u2014' }),
      B.el('td', { className: 'bgj-cell-lastfire', text: d.lastFireAt ? B.time(d.lastFireAt) : '\u2014' }),
      B.el('td', { className: 'bgj-cell-lastjob' }, [lastJob]),
      B.el('td', { className: 'bgj-cell-state', text: state.join(', ') }),
      actions
    ]);
  }

  function retentionText(r) {
    if (!r.enabled) { return 'Retention is off: finished records are kept until purged.'; }
    var ages = Object.keys(r.ages).map(function (k) { return B.statusLabel(k) + ' ' + r.ages[k]; }).join(', ');
    return 'Retention every ' + r.interval + ', batches of ' + r.batchSize + ': ' + ages + ', cleared ' + r.clearedAge + '. '
      + (r.lastRunAt ? 'Last run ' + B.time(r.lastRunAt) + ': ' + (r.lastRunSummary || '') : 'Not run yet')
      + (r.nextRunAt ? '; next ' + B.time(r.nextRunAt) + '.' : '.');
  }

  function load() {
    return B.request('GET', 'api/admin/recurring').then(function (data) {
      var body = $('bgj-recurring-table').tBodies[0];
      B.clear(body);
      data.definitions.forEach(function (d) { body.appendChild(row(d)); });
      $('bgj-retention').textContent = retentionText(data.retention);
      $('bgj-recurring').hidden = false;
    }).catch(function (e) {
      // 501: the application has no scheduler; the section stays hidden.
      if (!/501|No recurring/.test(e.message)) { showError('Could not load recurring jobs: ' + e.message); }
    });
  }

  function start() {
    // Without a scheduler the section stays hidden, and the page asks for nothing it would be refused.
    B.me().then(function (m) {
      if (!m.recurringAvailable) { return; }
      load();
      setInterval(load, 5000);
    }).catch(function () { /* not signed in: the page redirects */ });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
