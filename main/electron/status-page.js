// The status page's behaviour: which state to show comes from the query string main loads it
// with; Restart goes through the preload's one named function (window.userdesk.restartServer).
const params = new URLSearchParams(location.search);
const show = (id) => document.getElementById(id).removeAttribute('hidden');
if (params.get('state') === 'stopped') {
  show('stopped');
  document.getElementById('reason').textContent = params.get('reason') || '';
  if (params.get('restart') === 'allowed') {
    show('restart');
    const button = document.getElementById('restart');
    button.addEventListener('click', () => {
      button.disabled = true;
      window.userdesk.restartServer().catch((error) => {
        document.getElementById('restart-error').textContent = String(error.message || error);
        button.disabled = false;
      });
    });
    button.focus();
  } else if (params.get('restart') === 'budget-spent') {
    show('no-restart');
  }
} else {
  show('starting');
}
