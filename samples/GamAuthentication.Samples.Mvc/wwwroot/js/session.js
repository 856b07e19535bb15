// The session panel's live part: counts down to the access token's expiry and, when the refresh point is reached,
// asks /session/status, which (like any call that needs the token) lets GamUserTokenManager refresh it. The panel
// then shows the new token's fingerprint. Only fingerprints ever reach the browser, never a token.
(function () {
  'use strict';

  var panel = document.querySelector('[data-session-panel]');
  if (!panel) {
    return;
  }

  var retryAfterMs = 10000;
  var statusUrl = panel.getAttribute('data-status-url');
  var expiresAt = null;
  var refreshAt = null;
  var lifetimeMs = null;
  var asking = false;
  var nextAskAt = 0;
  var ended = false;

  function field(name) {
    return panel.querySelector('[data-field="' + name + '"]');
  }

  function setText(name, text) {
    var element = field(name);
    if (element) {
      element.textContent = text;
    }
  }

  function number(value) {
    return value === null || value === undefined || value === '' ? null : Number(value);
  }

  function schedule(expiresIn, refreshIn, lifetime) {
    var now = Date.now();
    expiresAt = expiresIn === null ? null : now + expiresIn * 1000;
    refreshAt = refreshIn === null ? null : now + refreshIn * 1000;
    lifetimeMs = lifetime === null ? (expiresIn === null ? null : expiresIn * 1000) : lifetime * 1000;
  }

  function format(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var mm = hours > 0 && minutes < 10 ? '0' + minutes : String(minutes);
    var ss = seconds < 10 ? '0' + seconds : String(seconds);
    return (hours > 0 ? hours + ':' : '') + mm + ':' + ss;
  }

  function tick() {
    if (ended) {
      return;
    }

    var countdown = field('countdown');
    var meter = field('meter');
    if (expiresAt === null) {
      setText('countdown', 'never expires');
      setText('refresh-in', 'not needed');
      return;
    }

    var now = Date.now();
    var left = expiresAt - now;
    countdown.textContent = format(left);
    countdown.classList.toggle('expired', left <= 0);
    countdown.classList.toggle('due', left > 0 && refreshAt !== null && now >= refreshAt);
    if (meter && lifetimeMs) {
      meter.style.width = Math.max(0, Math.min(100, (left / lifetimeMs) * 100)) + '%';
    }

    if (refreshAt === null) {
      setText('refresh-in', left > 0 ? 'no refresh token' : 'expired: sign in again');
    } else {
      setText('refresh-in', now >= refreshAt ? 'due now' : 'in ' + format(refreshAt - now));
    }

    // At the refresh point (or, without a refresh token, at expiry) ask the app what the session looks like now.
    var due = refreshAt !== null ? now >= refreshAt : left <= 0;
    if (due && !asking && now >= nextAskAt) {
      ask();
    }
  }

  function ask() {
    asking = true;
    var before = panel.getAttribute('data-access-token');
    fetch(statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }

        return response.json();
      })
      .then(function (status) {
        apply(status);
        if (status.accessToken === before) {
          nextAskAt = Date.now() + retryAfterMs;
        }
      })
      .catch(function () {
        nextAskAt = Date.now() + retryAfterMs;
      })
      .then(function () {
        asking = false;
        tick();
      });
  }

  function apply(status) {
    if (!status.signedIn) {
      ended = true;
      panel.setAttribute('data-state', 'ended');
      setText('countdown', 'session ended');
      field('countdown').classList.add('expired');
      var notice = field('ended');
      if (notice) {
        notice.hidden = false;
      }

      var refreshButton = field('refresh-button');
      if (refreshButton) {
        refreshButton.disabled = true;
      }

      return;
    }

    panel.setAttribute('data-access-token', status.accessToken);
    setText('access-token', status.accessToken + '…');
    setText('expires-at', status.expiresAt || 'never');
    setText('refresh-token', status.hasRefreshToken ? 'yes' : 'no');
    if (status.lastRefresh) {
      setText('last-refresh-at', status.lastRefresh.at);
      setText('last-refresh-kind', status.lastRefresh.kind);
      setText('last-refresh-from', status.lastRefresh.from + '…');
      setText('last-refresh-to', status.lastRefresh.to + '…');
      field('last-refresh').hidden = false;
      field('no-refresh-yet').hidden = true;
    }

    schedule(number(status.expiresIn), number(status.refreshIn), number(status.lifetime));
  }

  schedule(number(panel.getAttribute('data-expires-in')), number(panel.getAttribute('data-refresh-in')), number(panel.getAttribute('data-lifetime')));
  tick();
  setInterval(tick, 1000);
})();
