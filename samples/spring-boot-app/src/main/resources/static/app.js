/* The shop page: places orders through the application's API with Spring Security's CSRF token. */
(function () {
  'use strict';
  var session = fetch('/api/session', { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) { throw new Error('HTTP ' + r.status); }
    return r.json();
  });
  var status = document.getElementById('shop-status');
  session.then(function (s) {
    document.getElementById('shop-user').textContent = s.user;
  }).catch(function (e) { status.textContent = 'Not signed in: ' + e.message; });

  function post(path, body) {
    return session.then(function (s) {
      var headers = { 'Content-Type': 'application/json' };
      headers[s.csrfHeader] = s.csrfToken;
      return fetch(path, {
        method: 'POST', credentials: 'same-origin', headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    });
  }

  document.getElementById('shop-order').addEventListener('submit', function (event) {
    event.preventDefault();
    var item = document.getElementById('shop-item').value;
    post('/api/orders', { item: item }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) { throw new Error(json.error || ('HTTP ' + r.status)); }
        return json;
      });
    }).then(function (placed) {
      status.textContent = 'Order ' + placed.orderId + ' placed; report job ' + placed.jobId + ' queued.';
      status.dataset.jobId = String(placed.jobId);
    }).catch(function (e) { status.textContent = 'Could not place the order: ' + e.message; });
  });

  document.getElementById('shop-logout').addEventListener('click', function () {
    post('/logout').then(function () { window.location.assign('/login?logout'); });
  });
})();
