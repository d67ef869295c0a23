(function () {
  'use strict';
  document.querySelectorAll('[data-kind]').forEach(function (b) {
    b.addEventListener('click', function () {
      window.BgJobs.request('POST', 'api/test/queue', { kind: b.dataset.kind, label: b.dataset.kind })
        .then(function (r) { document.getElementById('queued').textContent = 'Queued job ' + r.id; });
    });
  });
})();
