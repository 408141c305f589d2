// Passkeys (WebAuthn) for the account pages. Served as a file, so the CSP stays 'self' only.
// Without JavaScript or WebAuthn the passkey boxes stay hidden and the passphrase forms work.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  var b64 = function (buf) {
    var s = "", bytes = new Uint8Array(buf);
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  var bytes = function (text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out.buffer;
  };
  // Her language: the page puts each message on the error line (data-say-*); English otherwise.
  var say = function (error, key, english) { return (error && error.dataset[key]) || english; };
  var post = function (url, csrf, body, error) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf}, body: JSON.stringify(body)})
      .then(function (r) {
        // A busy page (503) or a sign-in redirect is HTML, not JSON: say so plainly, never a parser's message.
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok || !j || (!j.options && !j.next)) throw new Error(j.error || say(error, "sayBusy", "Something went wrong. Try again in a moment."));
          return j;
        });
      });
  };
  var asJSON = function (cred) {
    var r = cred.response, out = {id: cred.id, rawId: b64(cred.rawId), type: cred.type, clientExtensionResults: {},
      response: {clientDataJSON: b64(r.clientDataJSON)}};
    if (r.attestationObject) { out.response.attestationObject = b64(r.attestationObject); out.response.transports = r.getTransports ? r.getTransports() : []; }
    if (r.authenticatorData) { out.response.authenticatorData = b64(r.authenticatorData); out.response.signature = b64(r.signature);
      out.response.userHandle = r.userHandle ? b64(r.userHandle) : null; }
    if (cred.authenticatorAttachment) out.authenticatorAttachment = cred.authenticatorAttachment;
    return out;
  };
  document.querySelectorAll("[data-passkey-box]").forEach(function (box) { box.hidden = false; });
  document.querySelectorAll("[data-passkey]").forEach(function (button) {
    var box = button.closest("[data-passkey-box]"), error = box.querySelector("[data-passkey-error]");
    button.addEventListener("click", function () {
      var purpose = button.dataset.passkey, csrf = button.dataset.csrf, next = button.dataset.next || "";
      var nameField = button.dataset.nameField ? document.getElementById(button.dataset.nameField) : null;
      error.textContent = "";
      button.disabled = true;
      post("/account/passkey/options", csrf, {purpose: purpose, name: nameField ? nameField.value : ""}, error)
        .then(function (got) {
          var o = got.options;
          o.challenge = bytes(o.challenge);
          if (purpose === "sign-in") {
            (o.allowCredentials || []).forEach(function (c) { c.id = bytes(c.id); });
            return navigator.credentials.get({publicKey: o}).then(function (c) { return [got.token, c]; });
          }
          o.user.id = bytes(o.user.id);
          (o.excludeCredentials || []).forEach(function (c) { c.id = bytes(c.id); });
          return navigator.credentials.create({publicKey: o}).then(function (c) { return [got.token, c]; });
        })
        .then(function (pair) {
          return post("/account/passkey/verify", csrf, {purpose: purpose, token: pair[0], credential: asJSON(pair[1]), next: next}, error);
        })
        .then(function (done) { window.location.assign(done.next); })
        .catch(function (e) {
          button.disabled = false;
          var said = {NotAllowedError: say(error, "sayNotAllowed", "The passkey was not used. Try again, or use a passphrase."),
            InvalidStateError: say(error, "sayInvalidState", "This phone or computer already has a passkey for this account."),
            SecurityError: say(error, "saySecurity", "Passkeys do not work at this address. Use a passphrase."),
            TypeError: say(error, "sayOffline", "Bumpwise could not be reached. Check your connection, then try again.")};
          error.textContent = (e && said[e.name]) || (e && e.message) || say(error, "sayWrong", "Something went wrong. Try again.");
        });
    });
  });
})();
