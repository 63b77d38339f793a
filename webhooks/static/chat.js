// Munshi's chat page: pick a demo user, then talk to the same turn WhatsApp messages go through
// (POST /sim/messages). Text, photos, bills, voice notes (recorded with MediaRecorder or uploaded).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { user: null, file: null, recorder: null, chunks: [], recordStart: 0, timer: null, busy: false };

const TICK = '<svg class="tick" viewBox="0 0 16 11"><path fill="currentColor" d="M11.07.65 10.4.1a.5.5 0 0 0-.7.08L4.3 6.9 2.2 4.9a.5.5 0 0 0-.7 0l-.6.6a.5.5 0 0 0 0 .7l3 2.9a.5.5 0 0 0 .7 0l6.5-7.7a.5.5 0 0 0 0-.7z"/><path class="second" fill="currentColor" d="M15.07.65 14.4.1a.5.5 0 0 0-.7.08L8.3 6.9l-.6-.6-.9 1 1.2 1.2a.5.5 0 0 0 .7 0l6.5-7.7a.5.5 0 0 0-.1-.75z"/></svg>';

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// WhatsApp's own markup: *bold*, _italic_, ~strike~, ```mono```.
function formatText(text) {
  return escapeHtml(text)
    .replace(/```([^`]+)```/g, "<code>$1</code>")
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:]|$)/g, "$1<b>$2</b>")
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,!?:]|$)/g, "$1<i>$2</i>")
    .replace(/(^|[\s(])~([^~\n]+)~(?=[\s).,!?:]|$)/g, "$1<s>$2</s>");
}

function clock(date) {
  return date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
}

// ---------------------------------------------------------------- the chat list

async function loadUsers() {
  const list = $("users");
  try {
    const response = await fetch("/sim/users");
    const users = await response.json();
    list.innerHTML = "";
    if (!users.length) {
      list.innerHTML = '<li class="empty">No demo shops yet: run <code>munshi demo</code>.</li>';
      return;
    }
    for (const user of users) {
      const item = document.createElement("li");
      item.tabIndex = 0;
      item.dataset.phone = user.phone;
      item.innerHTML =
        `<div class="avatar">${escapeHtml(initials(user.name))}</div>` +
        `<div class="meta"><div class="name"><span>${escapeHtml(user.name)}</span>` +
        `<span class="role">${escapeHtml(user.role)}</span></div>` +
        `<div class="line">${escapeHtml(user.shop)} · ${escapeHtml(user.language_name || user.language)} · ${escapeHtml(user.phone)}</div></div>`;
      item.addEventListener("click", () => openChat(user));
      item.addEventListener("keydown", (e) => { if (e.key === "Enter") openChat(user); });
      list.appendChild(item);
    }
  } catch (error) {
    list.innerHTML = `<li class="empty">Could not load the demo users (${escapeHtml(String(error))}).</li>`;
  }
}

$("new-number").addEventListener("submit", (event) => {
  event.preventDefault();
  let phone = $("new-phone").value.replace(/[^0-9+]/g, "");
  if (!phone.startsWith("+")) phone = "+" + phone;
  openChat({ phone, name: phone, shop: "New shop", role: "new", language: "" });
});

// ---------------------------------------------------------------- one chat

function historyKey(user) { return `munshi.chat.${user.phone}`; }

function openChat(user) {
  state.user = user;
  $("chat-title").textContent = user.shop || "Munshi";
  $("chat-avatar").textContent = initials(user.shop || "M");
  setSubtitle();
  const box = $("messages");
  box.querySelectorAll(".bubble, .day").forEach((node) => node.remove());
  const saved = JSON.parse(localStorage.getItem(historyKey(user)) || "[]");
  for (const entry of saved) addBubble(entry, false);
  $("picker").hidden = true;
  $("chat").hidden = false;
  $("text").focus();
  refreshSendButton();
}

function setSubtitle(text) {
  const user = state.user;
  $("chat-subtitle").textContent = text || (user.role === "new" ? "Munshi · new number" : `Munshi · ${user.name} (${user.role})`);
}

$("back").addEventListener("click", () => {
  $("chat").hidden = true;
  $("picker").hidden = false;
});

function remember(entry) {
  const key = historyKey(state.user);
  const saved = JSON.parse(localStorage.getItem(key) || "[]");
  saved.push(entry);
  localStorage.setItem(key, JSON.stringify(saved.slice(-60)));
}

function addBubble(entry, save = true) {
  const box = $("messages");
  const last = box.lastElementChild;
  const bubble = document.createElement("div");
  const first = !last || !last.classList.contains(entry.dir) || last.classList.contains("typing") ||
    last.classList.contains("quick-replies");
  bubble.className = `bubble ${entry.dir}${first ? " first" : ""}`;
  let html = "";
  if (entry.media_type === "image" && entry.media_url) {
    html += `<img src="${escapeHtml(entry.media_url)}" alt="photo">`;
  } else if (entry.media_type === "audio" && entry.media_url) {
    html += `<audio controls preload="none" src="${escapeHtml(entry.media_url)}"></audio>`;
  } else if (entry.media_url) {
    const name = entry.filename || decodeURIComponent(entry.media_url.split("?")[0].split("/").pop() || "document");
    html += `<a class="doc" href="${escapeHtml(entry.media_url)}" target="_blank" rel="noopener">` +
      `<span class="doc-icon">PDF</span><span class="doc-name">${escapeHtml(name)}</span></a>`;
  } else if (entry.preview && entry.preview.kind === "image") {
    html += `<img src="${escapeHtml(entry.preview.url)}" alt="photo">`;
  } else if (entry.preview && entry.preview.kind === "audio") {
    html += `<audio controls preload="metadata" src="${escapeHtml(entry.preview.url)}"></audio>`;
  } else if (entry.attachment) {
    html += `<div class="doc"><span class="doc-icon">${escapeHtml(entry.attachment.kind)}</span>` +
      `<span class="doc-name">${escapeHtml(entry.attachment.name)}</span></div>`;
  }
  if (entry.to) html += `<div class="forwarded">↪ ${escapeHtml(entry.to)}</div>`;
  if (entry.text) html += `<span class="body">${formatText(entry.text)}</span>`;
  const ticks = entry.dir === "out" ? `<span class="ticks">${TICK}</span>` : "";
  html += `<span class="stamp">${escapeHtml(clock(new Date(entry.at)))}${ticks}</span>`;
  bubble.innerHTML = html;
  if (entry.dir === "out") bubble.querySelector(".tick").classList.toggle("read", entry.read !== false);
  box.appendChild(bubble);
  if (entry.buttons && entry.buttons.length) {
    // WhatsApp's quick replies: full-width white buttons under the message.
    const row = document.createElement("div");
    row.className = "quick-replies";
    for (const label of entry.buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => send(label, null));
      row.appendChild(button);
    }
    box.appendChild(row);
  }
  box.scrollTop = box.scrollHeight;
  if (save) remember(entry);
  return bubble;
}

function showTyping() {
  const typing = document.createElement("div");
  typing.className = "bubble in first typing";
  typing.innerHTML = "<span></span><span></span><span></span>";
  $("messages").appendChild(typing);
  $("messages").scrollTop = $("messages").scrollHeight;
  setSubtitle("typing…");
  return typing;
}

async function send(text, file) {
  if (state.busy || (!text && !file)) return;
  state.busy = true;
  const entry = { dir: "out", text, at: Date.now(), read: false };
  if (file) {
    const kind = file.type.startsWith("audio/") ? "🎤" : file.type.startsWith("image/") ? "IMG" : "PDF";
    entry.attachment = { kind, name: file.name || "voice note" };
    // What was sent is shown as sent (a photo, a playable voice note), for this session only.
    if (file.type.startsWith("image/") || file.type.startsWith("audio/")) {
      entry.preview = { kind: file.type.startsWith("image/") ? "image" : "audio", url: URL.createObjectURL(file) };
    }
  }
  const bubble = addBubble(entry, false);
  const form = new FormData();
  form.append("from", state.user.phone);
  form.append("text", text || "");
  if (file) form.append("file", file, file.name || "voice.webm");
  const typing = showTyping();
  try {
    const response = await fetch("/sim/messages", { method: "POST", body: form });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const payload = await response.json();
    entry.read = true;
    bubble.querySelector(".tick").classList.add("read");
    const { preview, ...kept } = entry;  // object URLs do not outlive the page
    remember(kept);
    typing.remove();
    if (payload.shop && payload.shop !== state.user.shop) {  // a new number has just opened its shop
      state.user.shop = payload.shop;
      $("chat-title").textContent = payload.shop;
      $("chat-avatar").textContent = initials(payload.shop);
    }
    for (const reply of payload.replies) {
      addBubble({ dir: "in", text: reply.text, media_url: reply.media_url, media_type: reply.media_type,
        filename: reply.filename, to: reply.to, buttons: reply.buttons, at: Date.now() });
    }
  } catch (error) {
    typing.remove();
    addBubble({ dir: "in", text: `⚠️ ${error.message}`, at: Date.now() }, false);
  } finally {
    state.busy = false;
    setSubtitle();
  }
}

// ---------------------------------------------------------------- composer

function refreshSendButton() {
  const canSend = $("text").value.trim() !== "" || state.file !== null;
  $("send").classList.toggle("can-send", canSend || state.recorder !== null);
  $("send").setAttribute("aria-label", canSend ? "Send" : state.recorder ? "Stop and send" : "Record a voice note");
}

$("text").addEventListener("input", refreshSendButton);

$("file").addEventListener("change", () => {
  const file = $("file").files[0];
  state.file = file || null;
  $("attachment").hidden = !file;
  $("attachment-name").textContent = file ? `📎 ${file.name} (${Math.ceil(file.size / 1024)} KB)` : "";
  refreshSendButton();
});

$("attachment-clear").addEventListener("click", () => {
  state.file = null;
  $("file").value = "";
  $("attachment").hidden = true;
  refreshSendButton();
});

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (state.recorder) return stopRecording();
  const text = $("text").value.trim();
  const file = state.file;
  if (!text && !file) return startRecording();
  $("text").value = "";
  $("attachment-clear").click();
  await send(text, file);
  $("text").focus();
});

async function startRecording() {
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    $("file").click();  // no recorder here: upload a voice note instead
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const type = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm"].find((t) => MediaRecorder.isTypeSupported(t));
    state.recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    state.chunks = [];
    state.recorder.ondataavailable = (e) => { if (e.data.size) state.chunks.push(e.data); };
    state.recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const mime = (state.recorder.mimeType || "audio/webm").split(";")[0];
      const blob = new Blob(state.chunks, { type: mime });
      const file = new File([blob], `voice.${mime.includes("ogg") ? "ogg" : "webm"}`, { type: mime });
      state.recorder = null;
      clearInterval(state.timer);
      $("recording").hidden = true;
      $("text").hidden = false;
      $("send").classList.remove("recording-now");
      refreshSendButton();
      send("", file);
    };
    state.recorder.start();
    state.recordStart = Date.now();
    $("text").hidden = true;
    $("recording").hidden = false;
    $("send").classList.add("recording-now");
    state.timer = setInterval(() => {
      const s = Math.floor((Date.now() - state.recordStart) / 1000);
      $("recording-time").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    }, 250);
    refreshSendButton();
  } catch (error) {
    addBubble({ dir: "in", text: `⚠️ Microphone: ${error.message}. Attach a voice note instead.`, at: Date.now() }, false);
  }
}

function stopRecording() {
  if (state.recorder && state.recorder.state !== "inactive") state.recorder.stop();
}

loadUsers();
