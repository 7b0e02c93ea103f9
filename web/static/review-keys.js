// Review queue keystrokes, as an enhancement over plain forms: j/k move between items,
// c confirms, x rejects, s cycles the stance, t cycles the strength, n focuses the note
// (Esc leaves it). Keys are ignored while typing in a field or with a modifier held.
(function () {
  'use strict';
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-review-item]'));
  var status = document.getElementById('review-status');
  if (!items.length) return;
  var active = 0;

  function say(text) { if (status) status.textContent = text; }
  function activate(index, focus) {
    active = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle('is-active', i === active); });
    if (focus) items[active].focus();
  }
  function cycle(select) {
    select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    var label = document.querySelector('label[for="' + select.id + '"]');
    say((label ? label.firstChild.textContent.trim() : select.name) + ': ' + select.options[select.selectedIndex].text);
  }
  function submitWith(key) {
    var button = items[active].querySelector('[data-key="' + key + '"]');
    if (!button) return;
    say(button.textContent.trim() + '…');
    button.form.requestSubmit(button);
  }

  items.forEach(function (item, i) {
    item.addEventListener('focusin', function () { activate(i, false); });
  });

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    if (typing) {
      if (event.key === 'Escape') { target.blur(); items[active].focus(); }
      return;
    }
    var item = items[active];
    switch (event.key) {
      case 'j': activate(active + 1, true); break;
      case 'k': activate(active - 1, true); break;
      case 'c': submitWith('c'); break;
      case 'x': submitWith('x'); break;
      case 's': cycle(item.querySelector('[data-key-cycle="s"]')); break;
      case 't': cycle(item.querySelector('[data-key-cycle="t"]')); break;
      case 'n': item.querySelector('[data-key-focus="n"]').focus(); break;
      default: return;
    }
    event.preventDefault();
  });

  activate(0, true);
})();
