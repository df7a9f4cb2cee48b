// The login page has no inline script (the CSP forbids it): this shows the
// "wrong token" message when the server sent us back with ?failed=1.
const failed = new URLSearchParams(location.search).has('failed');
const box = document.getElementById('login-error');
if (box && failed) {
  box.hidden = false;
  document.getElementById('token')?.focus();
}
document.body.classList.add('ready');
