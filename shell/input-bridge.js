// Keyboard focus and text that does not come from plain key presses.
// - The canvas takes focus on pointer-down (it has tabindex; needed inside an iframe).
// - While an ImGui text field is active, a hidden <textarea> sits at ImGui's caret and holds focus,
//   so IMEs (composition) and mobile keyboards have somewhere to type; what they commit reaches the
//   app through inbox_platform_text. Plain key presses are handled in C++ (browser_input.cpp) and
//   their default is prevented there, so they never reach this textarea twice.
// - Paste: the browser's `paste` event fills the app's internal clipboard and only then presses
//   Ctrl/Cmd+V inside the app (the keydown arrives before the paste event: forwarding it would paste
//   the previous clipboard, "one step behind").
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const area = document.createElement('textarea');
  area.id = 'inbox-text-input';
  area.setAttribute('autocomplete', 'off');
  area.setAttribute('autocorrect', 'off');
  area.setAttribute('autocapitalize', 'off');
  area.setAttribute('spellcheck', 'false');
  area.setAttribute('aria-hidden', 'true');
  area.tabIndex = -1;
  // 16px avoids the iOS zoom-on-focus; transparent but not display:none (IMEs need a real box).
  area.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:20px;padding:0;border:0;margin:0;' +
    'opacity:0;resize:none;overflow:hidden;font-size:16px;background:transparent;color:transparent;' +
    'caret-color:transparent;z-index:-1;pointer-events:none';
  document.body.appendChild(area);

  let composing = false;
  let wantText = false;

  function toApp(fn, text) {
    if (!text || !window.Module || !Module.calledRun) return;
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    Module.stringToUTF8(text, ptr, size);
    Module[fn](ptr);
    Module._free(ptr);
  }

  canvas.addEventListener('pointerdown', () => {
    if (document.activeElement !== area) canvas.focus({ preventScroll: true });
  });

  // A tap on a text field: the app processes it at once (the canvas's own touch listener has queued
  // it by the time this bubbles to the document) and, if it now edits text, the textarea takes focus
  // inside the gesture, which is the only way a mobile browser opens its keyboard.
  document.addEventListener('touchend', (e) => {
    if (e.target !== canvas || !window.Module || !Module.calledRun || !Module._inbox_platform_flush_input) return;
    if (Module._inbox_platform_flush_input() && document.activeElement !== area) area.focus({ preventScroll: true });
  });

  area.addEventListener('compositionstart', () => { composing = true; });
  area.addEventListener('compositionend', (e) => {
    composing = false;
    toApp('_inbox_platform_text', e.data);
    area.value = '';
  });
  area.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;
    // Mobile keyboards and autocorrect insert without a usable keydown (key "Unidentified"/229).
    if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') toApp('_inbox_platform_text', e.data || area.value);
    area.value = '';
  });

  document.addEventListener('paste', (e) => {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    e.preventDefault();
    toApp('_inbox_platform_paste', text || '');
  });

  // Called by the app (SetPlatformImeDataFn): where the caret is, in CSS pixels relative to the canvas.
  function setTextInput(active, x, y, lineHeight) {
    wantText = active;
    if (active) {
      const rect = canvas.getBoundingClientRect();
      area.style.left = Math.round(rect.left + x) + 'px';
      area.style.top = Math.round(rect.top + y) + 'px';
      area.style.height = Math.max(16, Math.round(lineHeight)) + 'px';
      if (document.activeElement !== area && document.hasFocus()) area.focus({ preventScroll: true });
    } else if (document.activeElement === area) {
      composing = false;
      area.value = '';
      canvas.focus({ preventScroll: true });
    }
  }

  function setCursor(name) {
    if (canvas.style.cursor !== name) canvas.style.cursor = name;
  }

  window.inboxInput = { setTextInput, setCursor, get wantsText() { return wantText; } };
})();
