// Canvas sizing: the canvas follows its container (page or iframe) in CSS pixels and its backing
// store is CSS size x devicePixelRatio, so text stays crisp; never CSS scaling.
// Reports every change to the app (inbox_platform_resize) and re-arms the devicePixelRatio listener,
// because browser zoom or moving the window to another screen changes it.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  let last = '';

  function report() {
    const dpr = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    const width = Math.max(1, Math.round(rect.width * dpr));
    const height = Math.max(1, Math.round(rect.height * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const key = [rect.width, rect.height, dpr, rect.left, rect.top].join(',');
    if (key === last || !window.Module || !Module.calledRun || !Module._inbox_platform_resize) return;
    last = key;
    Module._inbox_platform_resize(rect.width, rect.height, width / rect.width, rect.left, rect.top);
  }

  function watchPixelRatio() {
    const query = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
    query.addEventListener('change', () => { report(); watchPixelRatio(); }, { once: true });
  }

  new ResizeObserver(report).observe(canvas);
  window.addEventListener('resize', report);
  watchPixelRatio();
  report();
  window.inboxCanvasSize = { report };
})();
