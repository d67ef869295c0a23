/* Inline SVG charts drawn from the statistics API: no chart library, no inline script or style. */
(function () {
  'use strict';
  var B = window.BgJobs;
  var SERIES = [
    { key: 'succeeded', cls: 'bgj-fill-succeeded', label: 'succeeded' },
    { key: 'failed', cls: 'bgj-fill-failed', label: 'failed' },
    { key: 'aborted', cls: 'bgj-fill-aborted', label: 'aborted' },
    { key: 'cancelled', cls: 'bgj-fill-cancelled', label: 'cancelled' }
  ];

  /** Stacked bars of finished jobs per bucket. */
  function throughput(container, buckets, hourly) {
    B.clear(container);
    var w = 420, h = 150, pad = 24;
    var max = 1;
    buckets.forEach(function (b) { max = Math.max(max, b.succeeded + b.failed + b.aborted + b.cancelled); });
    var bw = (w - pad) / Math.max(1, buckets.length);
    var root = B.svg('svg', { viewBox: '0 0 ' + w + ' ' + (h + 20), class: 'bgj-svg', role: 'img',
      'aria-label': 'Finished jobs per ' + (hourly ? 'hour' : 'minute') });
    root.appendChild(B.svg('text', { x: '0', y: '10', class: 'bgj-axis' }, [document.createTextNode(String(max))]));
    root.appendChild(B.svg('line', { x1: String(pad), y1: String(h), x2: String(w), y2: String(h), class: 'bgj-axis-line' }));
    buckets.forEach(function (b, i) {
      var y = h;
      SERIES.forEach(function (s) {
        var v = b[s.key];
        if (!v) { return; }
        var bh = (v / max) * (h - 14);
        y -= bh;
        var rect = B.svg('rect', { x: String(pad + i * bw + 1), y: String(y), width: String(Math.max(1, bw - 2)),
          height: String(bh), class: s.cls });
        rect.appendChild(B.svg('title', {}, [document.createTextNode(new Date(b.start).toLocaleString() + ': ' + v + ' ' + s.label)]));
        root.appendChild(rect);
      });
      if (i % Math.ceil(buckets.length / 6) === 0) {
        var d = new Date(b.start);
        var label = hourly ? d.getHours() + ':00' : d.getHours() + ':' + String(d.getMinutes()).padStart(2, '0');
        root.appendChild(B.svg('text', { x: String(pad + i * bw), y: String(h + 14), class: 'bgj-axis' }, [document.createTextNode(label)]));
      }
    });
    container.appendChild(root);
    container.appendChild(legend());
  }

  /** Horizontal bars: failed of completed, per request type. */
  function failures(container, types) {
    B.clear(container);
    if (!types.length) {
      container.appendChild(B.el('p', { className: 'bgj-muted', text: 'No finished jobs in the window.' }));
      return;
    }
    var w = 420, row = 22, h = types.length * row + 4, labelW = 120;
    var max = 1;
    types.forEach(function (t) { max = Math.max(max, t.completed); });
    var root = B.svg('svg', { viewBox: '0 0 ' + w + ' ' + h, class: 'bgj-svg', role: 'img', 'aria-label': 'Failures by request type' });
    types.forEach(function (t, i) {
      var y = i * row + 2;
      var full = ((w - labelW - 120) * t.completed) / max;
      var bad = t.completed ? (full * t.failed) / t.completed : 0;
      root.appendChild(B.svg('text', { x: '0', y: String(y + 14), class: 'bgj-axis' }, [document.createTextNode(B.visible(t.requestType))]));
      root.appendChild(B.svg('rect', { x: String(labelW), y: String(y + 3), width: String(Math.max(1, full)), height: '14', class: 'bgj-fill-succeeded' }));
      if (bad > 0) {
        root.appendChild(B.svg('rect', { x: String(labelW), y: String(y + 3), width: String(Math.max(1, bad)), height: '14', class: 'bgj-fill-failed' }));
      }
      var rate = t.completed ? Math.round((100 * t.failed) / t.completed) : 0;
      root.appendChild(B.svg('text', { x: String(labelW + full + 6), y: String(y + 14), class: 'bgj-axis' },
        [document.createTextNode(t.failed + '/' + t.completed + ' failed (' + rate + '%)')]));
    });
    container.appendChild(root);
  }

  function legend() {
    return B.el('div', { className: 'bgj-legend' }, SERIES.map(function (s) {
      return B.el('span', { className: 'bgj-legend-item' }, [B.el('span', { className: 'bgj-swatch ' + s.cls }), s.label]);
    }));
  }

  window.BgJobs.charts = { throughput: throughput, failures: failures };
})();
