/* The demo page's "Queue a job" buttons. */
(function () {
  'use strict';
  var B = window.BgJobs;
  document.querySelectorAll('[data-kind]').forEach(function (button) {
    button.addEventListener('click', function () {
      var status = document.getElementById('demo-status');
      B.request('POST', 'api/demo/jobs', { kind: button.dataset.kind }).then(function (r) {
        status.textContent = 'Queued job ' + r.id + '.';
      }).catch(function (e) { status.textContent = 'Could not queue: ' + e.message; });
    });
  });
})();
