// Colour emoji for the app: the browser draws one emoji cluster (ZWJ sequences, flags and skin
// tones included) with the system's emoji font into a small canvas; the app copies the pixels into
// its emoji texture (platform/emoji_atlas.cpp). ImGui alone has no colour font support.
'use strict';
(function () {
  const FONT = '"Noto Color Emoji","Apple Color Emoji","Segoe UI Emoji","Segoe UI Symbol",sans-serif';
  let canvas = null;
  let ctx = null;

  // Draws `text` centred in a px x px square; returns RGBA bytes (unpremultiplied) or null when the
  // browser drew nothing (no font has it).
  function rasterize(text, px) {
    if (!canvas) {
      canvas = document.createElement('canvas');
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (canvas.width !== px || canvas.height !== px) {
      canvas.width = px;
      canvas.height = px;
    }
    ctx.clearRect(0, 0, px, px);
    let size = Math.floor(px * 0.86);
    ctx.font = size + 'px ' + FONT;
    const width = ctx.measureText(text).width;
    if (width > px) {  // wide clusters (some flags, keycaps) shrink to fit the square
      size = Math.floor(size * px / width);
      ctx.font = size + 'px ' + FONT;
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#000';
    ctx.fillText(text, px / 2, px / 2 + size * 0.06);
    const data = ctx.getImageData(0, 0, px, px).data;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] !== 0) return data;
    }
    return null;
  }

  window.inboxEmoji = { rasterize };
})();
