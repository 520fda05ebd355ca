// The camera reader of the verification page. Without it the page works the same: the
// reader pastes the seal's text. With a camera, the text read from the QR code fills the
// same form, which is then sent as if typed.
const scanner = document.querySelector("[data-scanner]");
const form = document.querySelector("form textarea[name=text]")?.form;

async function start(QrScanner, video, status) {
  video.hidden = false;
  status.textContent = scanner.dataset.scanning;
  const reader = new QrScanner(
    video,
    (result) => {
      reader.stop();
      form.elements.text.value = result.data;
      form.requestSubmit();
    },
    { returnDetailedScanResult: true, preferredCamera: "environment" },
  );
  try {
    await reader.start();
  } catch {
    video.hidden = true;
    status.textContent = scanner.dataset.noCamera;
  }
}

async function setUp() {
  if (!scanner || !form || !navigator.mediaDevices) return;
  const { default: QrScanner } = await import(scanner.dataset.module);
  if (!(await QrScanner.hasCamera())) return;
  scanner.hidden = false;
  const video = scanner.querySelector("[data-scan-video]");
  const status = scanner.querySelector("[data-scan-status]");
  scanner.querySelector("[data-scan-start]").addEventListener("click", () => {
    start(QrScanner, video, status);
  });
}

setUp();
