/* Sends the returned workbooks with a progress bar, then shows the report page.
 * Without JavaScript (or when the request fails) the form posts as usual. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var bar = form.querySelector("progress");
  var status = form.querySelector("[data-upload-status]");
  var button = form.querySelector("button[type=submit]");
  var plainPost = false;

  function show(request) {
    document.open();
    document.write(request.responseText);
    document.close();
  }

  form.addEventListener("submit", function (event) {
    if (plainPost || !input.files.length) {
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.max = e.total;
        bar.value = e.loaded;
      }
    });
    request.upload.addEventListener("load", function () {
      status.textContent = form.dataset.checking;
    });
    request.addEventListener("load", function () {
      show(request);
    });
    request.addEventListener("error", function () {
      status.textContent = form.dataset.failed;
      plainPost = true;
      form.submit();
    });
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    status.textContent = form.dataset.sending;
    request.send(new FormData(form));
  });
}());
