/** Progressive enhancements only: copy buttons, expand/collapse all, opening the sections a link points into. */
export const script = `
(function () {
  function openAncestors(el) {
    for (var d = el; d; d = d.parentElement) if (d.tagName === 'DETAILS') d.open = true;
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) { openAncestors(el); el.scrollIntoView({ block: 'center' }); el.classList.add('flash'); }
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  document.querySelectorAll('.copyable').forEach(function (box) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-btn';
    button.textContent = 'Copy';
    button.addEventListener('click', function () {
      var text = box.querySelector('pre').textContent;
      var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    });
    box.querySelector('.copy-head').appendChild(button);
  });
  var tools = document.getElementById('tools');
  if (tools) {
    tools.hidden = false;
    tools.addEventListener('click', function (event) {
      var action = event.target && event.target.getAttribute('data-action');
      if (!action) return;
      document.querySelectorAll('main details:not(.raw)').forEach(function (d) { d.open = action === 'expand'; });
    });
  }
})();
`;
