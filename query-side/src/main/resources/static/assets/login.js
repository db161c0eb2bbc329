// The sign-in form: the words in the chosen language, and why the last attempt failed.
(function () {
  const C = window.Canvass;
  function draw() {
    C.apply();
    const query = new URLSearchParams(location.search);
    const message = document.getElementById("login-message");
    const key = query.has("throttled") ? "throttled" : query.has("error") ? "badLogin" : query.has("signedOut") ? "signedOut" : null;
    message.hidden = !key;
    if (key) message.textContent = C.t(key);
  }
  document.getElementById("lang").addEventListener("click", () => { C.switchLang(); draw(); });
  draw();
})();
