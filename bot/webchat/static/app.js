// Loa web chat. Plain script, no framework, no build step.
// Every message text goes into the page with textContent, never as markup.
'use strict';
(() => {
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('q');
  const statusLine = document.getElementById('status');

  const session = loadSession();
  let epoch = '';                  // life of the session on the server
  let after = 0;                   // last sequence number received by polling
  let seen = new Set();            // sequence numbers already shown in this epoch
  const mine = new Set();          // ids of messages this page showed itself
  let botMessages = new Map();     // bot message id -> its element, for edits
  let pending = 0;                 // messages waiting for an answer
  let lastNote = null;             // the note just shown, so a refusal is said once
  let offline = false;

  function randomHex(bytes) {
    const b = new Uint8Array(bytes);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  // The session id is who the member is to Loa: kept in this browser only.
  function loadSession() {
    try {
      let s = localStorage.getItem('loa.session');
      if (!/^[0-9a-f]{32}$/.test(s || '')) {
        s = randomHex(16);
        localStorage.setItem('loa.session', s);
      }
      return s;
    } catch (e) {
      return randomHex(16); // storage blocked: a session for this visit only
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function updateStatus() {
    if (offline) statusLine.textContent = 'Mất kết nối, Loa đang thử kết nối lại…';
    else if (pending > 0) statusLine.textContent = 'Loa đang trả lời…';
    else statusLine.textContent = '';
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  // scrollToStart puts the top of el at the top of the conversation, so a
  // long answer is read from its first line, not from its last.
  function scrollToStart(el) {
    const gap = 8;
    log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - gap;
  }

  // Hotlines and addresses in a bot message become links a member can tap:
  // 111–115 standing alone (not 1130, 113.000 or 2113), 1900 and 1800
  // numbers with or without spaces or dots, and http(s) addresses. Built
  // from a string so a browser without \p{…} fails here, not on parsing.
  let linkPattern = null;
  try {
    linkPattern = new RegExp(
      '(^|[^\\p{L}\\p{N}.,/])(11[1-5]|1[89]00(?:[ .]?\\d){4}(?:(?:[ .]?\\d){2})?)(?![\\p{L}\\p{N}]|[.,]\\d)' +
      '|https?://[^\\s<>"]+', 'gu');
  } catch (e) {
    linkPattern = null; // an old browser: plain text, still readable
  }

  // trimAddress drops the punctuation that ends the sentence, not the address.
  function trimAddress(u) {
    for (;;) {
      const c = u.charAt(u.length - 1);
      const unbalanced = c === ')' && u.split(')').length > u.split('(').length;
      if (c === '' || (!'.,;:!?\'"”’]}'.includes(c) && !unbalanced)) return u;
      u = u.slice(0, -1);
    }
  }

  function link(label, href) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    if (href.startsWith('tel:')) {
      a.className = 'tel';
    } else {
      a.target = '_blank';
      a.rel = 'noopener';
    }
    return a;
  }

  // setText fills p with text, as DOM nodes only: the text never becomes
  // markup, whatever it holds.
  function setText(p, text, links) {
    p.textContent = '';
    if (!links || !linkPattern) { p.textContent = text; return; }
    let done = 0;
    linkPattern.lastIndex = 0;
    for (let m; (m = linkPattern.exec(text)) !== null;) {
      let start = m.index;
      let label;
      let href;
      if (m[2] !== undefined) { // a hotline, after the character before it
        start += m[1].length;
        label = m[2];
        href = 'tel:' + label.replace(/\D/g, '');
      } else {
        label = trimAddress(m[0]);
        href = label;
        if (!/^https?:\/\/[^/?#]/.test(label)) continue;
      }
      if (start > done) p.appendChild(document.createTextNode(text.slice(done, start)));
      p.appendChild(link(label, href));
      done = start + label.length;
      linkPattern.lastIndex = done;
    }
    if (done < text.length) p.appendChild(document.createTextNode(text.slice(done)));
  }

  function addBubble(kind, text) {
    lastNote = kind === 'note' ? text : null;
    const el = document.createElement('div');
    el.className = 'msg ' + kind;
    const p = document.createElement('p');
    p.className = 'text';
    setText(p, text, kind === 'bot');
    el.appendChild(p);
    log.appendChild(el);
    if (kind !== 'bot') scrollToEnd();
    return el;
  }

  // A reply with more than collapseAbove buttons (the topic menu: 17) shows
  // the first shownButtons and a "Xem thêm" button for the rest, so the
  // greeting and a first choice fit on a phone's screen.
  const collapseAbove = 6;
  const shownButtons = 5;

  function setButtons(el, id, rows) {
    const old = el.querySelector('.buttons');
    if (old) old.remove();
    if (!rows || rows.length === 0) return;
    const box = document.createElement('div');
    box.className = 'buttons';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Gợi ý câu hỏi');
    const total = rows.reduce((n, row) => n + row.length, 0);
    const hidden = [];
    let count = 0;
    for (const row of rows) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const b of row) {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'choice';
        btn.textContent = b.text;
        btn.addEventListener('click', () => send({ data: b.data, message: id }, b.text));
        if (total > collapseAbove && ++count > shownButtons) {
          btn.hidden = true;
          hidden.push(btn);
        }
        line.appendChild(btn);
      }
      if (row.length > 0 && row.every((_, i) => line.children[i].hidden)) line.hidden = true;
      box.appendChild(line);
    }
    if (hidden.length > 0) box.appendChild(moreButton(hidden));
    el.appendChild(box);
  }

  // moreButton reveals the hidden choices and gives way to them.
  function moreButton(hidden) {
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = 'Xem thêm (' + hidden.length + ')';
    more.setAttribute('aria-expanded', 'false');
    more.addEventListener('click', () => {
      for (const btn of hidden) {
        btn.hidden = false;
        btn.parentElement.hidden = false;
      }
      more.remove();
      hidden[0].focus();
    });
    return more;
  }

  function setFile(el, file) {
    if (!file || typeof file.url !== 'string' || !file.url.startsWith('/api/file/')) return;
    const a = document.createElement('a');
    a.className = 'file';
    a.href = file.url;
    a.download = file.name;
    if (file.image) {
      const img = document.createElement('img');
      img.src = file.url;
      img.alt = file.name;
      a.appendChild(img);
    } else {
      a.textContent = 'Tải về: ' + file.name;
    }
    el.appendChild(a);
  }

  // showEvent puts one message of the conversation on the page. It returns
  // the element of a new bot message, 'user' for a member's message, or null.
  function showEvent(ev) {
    if (seen.has(ev.seq)) return null;
    seen.add(ev.seq);
    if (ev.from === 'user') {
      if (!mine.has(ev.id)) addBubble('user', ev.text);
      return 'user';
    }
    if (ev.edit) { // in place, without moving the page (a progress count)
      const el = botMessages.get(ev.id);
      if (el) {
        setText(el.querySelector('.text'), ev.text, true);
        setButtons(el, ev.id, ev.buttons);
      }
      return null;
    }
    const el = addBubble('bot', ev.text);
    el.dataset.id = ev.id;
    setFile(el, ev.file);
    setButtons(el, ev.id, ev.buttons);
    botMessages.set(ev.id, el);
    return el;
  }

  // showEvents shows a batch of messages and brings the start of the newest
  // answer into view: the first bot message after the member's last message
  // in the batch (the first of an answer in several parts, or the latest
  // answer when a reload brings the whole conversation back).
  function showEvents(events) {
    let start = null;
    for (const ev of events) {
      const shown = showEvent(ev);
      if (shown === 'user') start = null;
      else if (shown && !start) start = shown;
    }
    if (start) scrollToStart(start);
  }

  // A new epoch means the server started this session anew: numbers of the
  // old one mean nothing any more. What is on the page stays.
  function noteEpoch(e) {
    if (e && e !== epoch) {
      epoch = e;
      after = 0;
      seen = new Set();
      botMessages = new Map();
    }
  }

  // send posts a question or a button press. A retry reuses the same id, so
  // the bot answers it once. shown is the member's bubble, or null to hide it.
  async function send(body, shown) {
    const id = randomHex(8);
    mine.add(id);
    if (shown !== null) addBubble('user', shown);
    body.session = session;
    body.id = id;
    pending++;
    updateStatus();
    if (shown !== null) scrollToEnd(); // her question, above the status line
    try {
      for (let attempt = 0; ; attempt++) {
        let res = null;
        let data = null;
        try {
          res = await fetch('/api/message', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          data = await res.json();
        } catch (e) {
          data = null;
        }
        if (res && res.ok && data) {
          noteEpoch(data.epoch);
          showEvents(data.replies || []);
          return;
        }
        if (res && res.status === 429) {
          // Over the flood limit: say it once, not for every refused message.
          const text = (data && data.error) || 'Bạn nhắn nhanh quá. Bạn đợi một chút rồi gửi lại nhé.';
          if (lastNote !== text) addBubble('note', text);
          return;
        }
        if (res && res.status >= 400 && res.status < 500 && res.status !== 408) {
          addBubble('note', (data && data.error) || 'Tin nhắn không gửi được. Bạn vui lòng thử lại nhé.');
          return;
        }
        if (attempt >= 3) {
          addBubble('note', 'Chưa gửi được tin nhắn. Bạn kiểm tra kết nối mạng rồi thử lại nhé.');
          return;
        }
        await sleep(1000 * 2 ** attempt);
      }
    } finally {
      pending--;
      updateStatus();
    }
  }

  // poll brings every message of the conversation: answers, notices, edits.
  async function poll() {
    let first = true;
    let failures = 0;
    for (;;) {
      const started = Date.now();
      try {
        // The session id goes in a header, never in the URL (logs, history).
        const q = new URLSearchParams({ after: String(after), epoch, wait: first ? '0' : '25' });
        const res = await fetch('/api/poll?' + q.toString(), { cache: 'no-store', headers: { 'X-Loa-Session': session } });
        const data = await res.json();
        if (!res.ok) throw new Error('poll ' + res.status);
        noteEpoch(data.epoch);
        const msgs = data.messages || [];
        showEvents(msgs);
        after = data.last;
        if (first) {
          first = false;
          if (msgs.length === 0) send({ text: '/start' }, null); // a new visitor: greet
        }
        failures = 0;
        if (offline) { offline = false; updateStatus(); }
        // A server that is shutting down answers at once: do not spin.
        if (msgs.length === 0 && Date.now() - started < 1000) await sleep(1000);
      } catch (e) {
        failures++;
        if (failures >= 2 && !offline) { offline = true; updateStatus(); }
        await sleep(Math.min(30000, 1000 * 2 ** Math.min(failures, 5)));
      }
    }
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, window.innerHeight * 0.3) + 'px';
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = '';
    autosize();
    send({ text }, text);
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', autosize);

  poll();
})();
