// Camera scanning on the check-in page where the browser has BarcodeDetector; the page works without it.
(function () {
  "use strict";
  var box = document.getElementById("checkin-scanner");
  var form = document.getElementById("checkin-code-form");
  if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  box.hidden = false;
  var button = document.getElementById("checkin-scan-start");
  var video = document.getElementById("checkin-video");
  var input = document.getElementById("checkin-code");

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        button.disabled = true;
        return video.play().then(function () {
          var scan = function () {
            detector
              .detect(video)
              .then(function (codes) {
                if (codes.length) {
                  stream.getTracks().forEach(function (track) { track.stop(); });
                  input.value = codes[0].rawValue;
                  form.submit();
                } else {
                  window.requestAnimationFrame(scan);
                }
              })
              .catch(function () { window.requestAnimationFrame(scan); });
          };
          scan();
        });
      })
      .catch(function () {
        button.disabled = true;
      });
  });
})();
