/* Page header of the dashboard pages: who is signed in, the admin link, sign-out. */
(function () {
  'use strict';
  var B = window.BgJobs;
  function start() {
    B.me().then(function (me) {
      var user = document.getElementById('bgj-user');
      if (user) { user.textContent = me.user; }
      var admin = document.getElementById('bgj-admin-link');
      if (admin) { admin.hidden = !me.admin; }
    }).catch(function () { /* anonymous: the server redirected or answered 401 already */ });
    var logout = document.getElementById('bgj-logout');
    if (logout) {
      // Shown only where the dashboard's own sign-in is used: a host's sign-in has its own sign-out.
      B.request('GET', 'api/me').then(function (m) { logout.hidden = !m.signOutAvailable; }).catch(function () {});
      logout.addEventListener('click', function () {
        B.request('POST', 'api/logout').then(function () { window.location.href = 'login'; })
          .catch(function () { window.location.href = 'login'; });
      });
    }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
