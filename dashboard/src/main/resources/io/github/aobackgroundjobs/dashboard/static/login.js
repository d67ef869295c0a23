/* The built-in sign-in form. */
(function () {
  'use strict';
  var B = window.BgJobs;
  function start() {
    var form = document.getElementById('bgj-login-form');
    var error = document.getElementById('bgj-login-error');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      error.hidden = true;
      B.request('POST', 'api/login', {
        user: document.getElementById('bgj-login-user').value,
        password: document.getElementById('bgj-login-password').value
      }).then(function () {
        var next = new URLSearchParams(window.location.search).get('next') || '';
        // Only a path of this dashboard: never an absolute or protocol-relative URL.
        if (!/^[A-Za-z0-9_\-/]*$/.test(next) || next.indexOf('//') >= 0) { next = ''; }
        window.location.href = next === '' ? './' : next;
      }).catch(function (err) {
        error.textContent = err.message;
        error.hidden = false;
      });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
