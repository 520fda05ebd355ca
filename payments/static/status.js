// The payer's waiting page: asks the server every few seconds whether the provider's
// confirmation has come, and shows the page again once it has. Without JavaScript the
// page offers a "check again" link instead (a page that reloads itself is not accessible).
(function () {
  "use strict";
  var box = document.getElementById("payment-waiting");
  if (!box) { return; }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (page) {
        if (page.indexOf('id="payment-waiting"') === -1) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
}());
