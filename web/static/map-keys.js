// The map as one tab stop: Tab enters it once (on the last place visited, or the first
// state), the arrow keys move to the nearest state or city in that direction, Home and
// End go to the first and last, Enter opens the place. Without this script every shape is
// its own tab stop, so the map still works by keyboard.
(function () {
  'use strict';
  var maps = document.querySelectorAll('svg.us-map');
  Array.prototype.forEach.call(maps, function (svg) {
    var links = Array.prototype.slice.call(svg.querySelectorAll('a'));
    if (links.length < 2) return;
    var current = 0;
    function center(el) {
      var r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    function focusAt(i) {
      links[current].setAttribute('tabindex', '-1');
      current = i;
      links[current].setAttribute('tabindex', '0');
      links[current].focus();
    }
    links.forEach(function (a, i) {
      a.setAttribute('tabindex', i === 0 ? '0' : '-1');
      a.addEventListener('focus', function () {
        if (i !== current) {
          links[current].setAttribute('tabindex', '-1');
          current = i;
          a.setAttribute('tabindex', '0');
        }
      });
    });
    var directions = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    svg.addEventListener('keydown', function (event) {
      if (event.key === 'Home') { event.preventDefault(); focusAt(0); return; }
      if (event.key === 'End') { event.preventDefault(); focusAt(links.length - 1); return; }
      var d = directions[event.key];
      if (!d) return;
      event.preventDefault();
      var from = center(links[current]);
      var best = -1;
      var bestCost = Infinity;
      links.forEach(function (a, i) {
        if (i === current) return;
        var c = center(a);
        var along = (c.x - from.x) * d[0] + (c.y - from.y) * d[1];
        if (along <= 0) return;
        var across = Math.abs((c.x - from.x) * d[1] + (c.y - from.y) * d[0]);
        var cost = along + across * 2;
        if (cost < bestCost) { bestCost = cost; best = i; }
      });
      if (best >= 0) focusAt(best);
    });
  });
})();
