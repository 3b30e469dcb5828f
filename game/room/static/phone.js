// The phone page: join a seat, then show what the server sends for it and send back the
// move chosen. It decides no rule: every button is a move the table offered this seat, with
// the table's words; a refused move is shown greyed out with the engine's reason.
"use strict";

const STORE = "offsite-seat";
const STATUS_CLASS = { "on track": "on-track", "at risk": "at-risk", "off track": "off-track" };
const STATUS_WORD = { "on track": "ON TRACK", "at risk": "AT RISK", "off track": "OFF TRACK" };
const REACTION_WORD = { support: "Support", challenge: "Challenge", blame: "Blame" };

const $ = (id) => document.getElementById(id);
let socket = null;
let seat = null; // {seat, token, code}
let ref = 0;
let pending = 0; // the ref of the move waiting for its ack
let connected = false; // the socket is open and the server has welcomed this seat
let retry = 500;
let stopped = false; // no reconnecting (released, taken, bad token)
let view = null;
const drafts = {}; // typed text kept across redraws, by move id

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v != null) node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function statusMark(word) {
  return el("span", { class: "status " + (STATUS_CLASS[word] || "") },
    el("span", { class: "mark", "aria-hidden": "true" }), STATUS_WORD[word] || word);
}

function toast(text, refused) {
  const t = $("toast");
  t.textContent = text;
  t.className = refused ? "refused" : "";
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, refused ? 5000 : 1800);
}

function setLink(text, down) {
  const l = $("link");
  l.textContent = text;
  l.className = "link" + (down ? " down" : "");
}

// ---- joining ------------------------------------------------------------------------
function showJoin(message) {
  $("play").hidden = true;
  $("join").hidden = false;
  $("role").textContent = "Offsite";
  $("team").textContent = "";
  $("where").textContent = "";
  setLink(message || "", Boolean(message));
  const code = new URLSearchParams(location.search).get("code");
  if (code && !$("code").value) $("code").value = code;
  // Scanned from the projector, the code is filled in: what is left is the name and the seat.
  $("join-hint").textContent = $("code").value
    ? "Type your name, then tap your seat."
    : "Type the room code from the projector, then pick your seat.";
  if ($("code").value) loadSeats();
}

async function loadSeats(event) {
  if (event) event.preventDefault();
  const code = $("code").value.trim().toUpperCase();
  if (!code) return;
  let answer;
  try {
    answer = await fetch("/api/seats?code=" + encodeURIComponent(code), { cache: "no-store" });
  } catch (e) {
    setLink("Cannot reach the room: is this phone on the same Wi-Fi?", true);
    return;
  }
  const data = await answer.json();
  const box = $("seats");
  box.replaceChildren();
  if (!answer.ok) { box.append(el("p", { class: "card" }, data.error)); return; }
  for (const team of data.teams) {
    if (data.teams.length > 1) box.append(el("h2", {}, team.name));
    for (const s of team.seats) {
      box.append(el("button", {
        class: "seat", "data-seat": s.seat, disabled: s.held,
        onclick: () => claim(code, s.seat),
      }, s.title, el("span", { class: "holder" }, s.held ? "taken" + (s.name ? " by " + s.name : "") : "free")));
    }
  }
}

async function claim(code, which) {
  const answer = await fetch("/api/claim", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code, seat: which, name: $("name").value.trim() }),
  });
  const data = await answer.json();
  if (!answer.ok) { toast(data.error, true); loadSeats(); return; }
  seat = { seat: data.seat, token: data.token, code };
  localStorage.setItem(STORE, JSON.stringify(seat));
  stopped = false;
  connect();
}

// ---- the socket ---------------------------------------------------------------------
function connect() {
  $("join").hidden = true;
  $("play").hidden = false;
  setLink("Connecting…", true);
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/ws");
  socket.onopen = () => {
    socket.send(JSON.stringify({ kind: "hello", seat: seat.seat, token: seat.token, ref: ++ref }));
  };
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = (event) => {
    socket = null;
    pending = 0;
    connected = false;
    draw(); // no move can be sent now: the buttons grey out until the room is back
    if (stopped) return;
    if (event.code === 4001 || event.code === 4003) return; // handled by the message before
    setLink("Reconnecting… (your seat is kept)", true);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  };
}

function receive(m) {
  if (m.kind === "welcome") {
    retry = 500;
    connected = true;
    $("role").textContent = m.role;
    $("team").textContent = m.team + (m.name ? " · " + m.name : "");
    document.title = m.role + " — Offsite";
    setLink("Connected", false);
  } else if (m.kind === "view") {
    view = m;
    draw();
  } else if (m.kind === "ack") {
    if (m.ref === pending) pending = 0;
    toast("Sent ✓", false);
    draw();
  } else if (m.kind === "refused") {
    if (m.code === "bad_token") {
      stopped = true;
      localStorage.removeItem(STORE);
      showJoin(m.text);
      return;
    }
    if (m.ref && m.ref === pending) pending = 0;
    toast(m.text, true);
    draw();
  } else if (m.kind === "released") {
    stopped = true;
    localStorage.removeItem(STORE);
    showJoin(m.text);
  } else if (m.kind === "taken") {
    stopped = true;
    $("moves").replaceChildren(el("div", { class: "card" }, m.text,
      el("button", { class: "primary", onclick: () => { stopped = false; connect(); } },
        "Use this seat here")));
    setLink("Open on another page", true);
  }
}

function send(move, fill) {
  if (!connected || !socket || socket.readyState !== WebSocket.OPEN) {
    toast("Not sent: the room is not connected. It reconnects by itself: try again when it says Connected.", true);
    return false;
  }
  if (pending) return false;
  pending = ++ref;
  const message = { kind: "act", move: move.id, ref: pending };
  if (fill) message.fill = fill;
  socket.send(JSON.stringify(message));
  draw();
  return true;
}

// ---- drawing ------------------------------------------------------------------------
function draw() {
  if (!view) return;
  $("where").textContent = view.phase + (view.step ? " — " + view.step : "") +
    (view.week ? " · week " + view.week + " of " + view.weeks : "");
  const moves = $("moves");
  moves.replaceChildren(...view.groups.map(drawGroup));
  $("waiting").hidden = !view.waiting;
  $("waiting").textContent = view.waiting;

  $("mine-box").hidden = !view.mine.length;
  $("mine-title").textContent = view.mine_title;
  $("mine").replaceChildren(...view.mine.map((k) => el("div", { class: "card mine" },
    el("div", { class: "about" }, k.label),
    k.yours ? null : el("div", { class: "muted" }, k.owner),
    el("div", { class: "row" }, (k.yours ? "Your private forecast: " : "Forecast: ") + k.forecast + "/10"),
    el("div", { class: "row" }, el("span", {}, "Progress " + k.progress + "%"),
      el("span", { class: "bar" }, el("span", { style: null }))),
    k.named ? el("div", { class: "detail" },
      k.yours ? "You have named this as a problem." : "Named as a problem.") : null)));
  for (const [i, k] of view.mine.entries()) {
    const bar = $("mine").children[i].querySelector(".bar > span");
    bar.style.width = Math.max(0, Math.min(100, k.progress)) + "%";
  }

  $("reports-box").hidden = !view.reports.length;
  $("reports").replaceChildren(...view.reports.map((r) => el("div", { class: "card report" },
    el("div", { class: "about" }, r.label),
    el("div", { class: "row" }, statusMark(r.status), el("span", {}, r.confidence + "/10"),
      el("span", { class: "muted" }, r.owner)),
    el("div", { class: "counts" }, Object.entries(r.reactions)
      .map(([k, n]) => REACTION_WORD[k] + " " + n).join(" · ")),
    r.by ? el("div", { class: "names" }, Object.entries(r.by).filter(([, v]) => v.length)
      .map(([k, v]) => REACTION_WORD[k] + ": " + v.join(", ")).join(" · ")) : null)));

  const brief = view.briefing;
  $("briefing-box").hidden = !brief;
  if (brief) {
    $("briefing-company").textContent = brief.company;
    $("briefing-story").replaceChildren(...brief.story.split(/\n\s*\n/)
      .map((p) => el("p", {}, p.trim())));
    $("briefing-strategy").textContent = brief.strategy;
    $("briefing-themes").replaceChildren(...brief.themes.map((t) => el("li", {}, t)));
  }

  $("objectives-box").hidden = !view.objectives.length;
  $("objectives").replaceChildren(...view.objectives.map((o) => el("li", {}, o)));
}

function drawGroup(group) {
  const box = el("section", { class: "group card", "data-kind": group.kind });
  if (group.title) box.append(el("h2", {}, group.title));
  // Sub-groups by what the moves are about (a key result, an objective), in the order each
  // first comes: the table may list a key result's open moves apart from its refused ones,
  // and a key result shown twice on a phone reads as two.
  const abouts = [];
  const byAbout = new Map();
  for (const m of group.moves) {
    const key = m.about || "";
    if (!byAbout.has(key)) { byAbout.set(key, { about: key, moves: [] }); abouts.push(byAbout.get(key)); }
    byAbout.get(key).moves.push(m);
  }
  for (const part of abouts) {
    const alone = part.moves.length === 1 && part.moves[0].label.includes(part.about);
    if (part.about && !alone) box.append(el("div", { class: "about" }, part.about));
    // A reaction answers a report: say which (status, 0-10, whose) above its buttons.
    const said = group.kind === "react" && view.reports.find((r) => r.label === part.about);
    if (said) box.append(el("div", { class: "row said" }, statusMark(said.status),
      el("span", {}, said.confidence + "/10"), el("span", { class: "muted" }, said.owner)));
    const layout = group.kind === "report" ? "options scale"
      : part.moves.length === 3 && !part.moves.some((m) => m.detail.length > 60) ? "options three" : "options";
    const options = el("div", { class: layout });
    for (const m of part.moves) options.append(...drawMove(group.kind, m));
    box.append(options);
  }
  return box;
}

function drawMove(kind, m) {
  const busy = Boolean(pending) || !connected; // waiting for an ack, or the room is away
  const text = m.blanks.find((b) => b.options.length === 0);
  if (text) {
    const area = el("textarea", { maxlength: String(text.most), "data-move": m.id,
      "aria-label": m.label, placeholder: m.detail });
    area.value = drafts[m.id] || "";
    area.addEventListener("input", () => { drafts[m.id] = area.value; });
    return [el("div", { class: "typed" }, el("label", {}, m.label), area,
      el("button", { class: "primary", "data-move": m.id, disabled: busy || Boolean(m.refused),
        onclick: () => { if (area.value.trim() && send(m, { [text.field]: area.value })) drafts[m.id] = ""; } },
        "Send"))];
  }
  const cls = "move" + (m.status ? " " + STATUS_CLASS[m.status] : "");
  const button = el("button", { class: cls, "data-move": m.id, "data-kind": kind,
    "data-value": m.value == null ? null : String(m.value),
    disabled: busy || Boolean(m.refused), title: m.refused || m.detail,
    onclick: () => send(m) }, m.label);
  if (m.status) button.append(statusMark(m.status));
  else if (m.detail && kind !== "react" && m.detail !== m.about) button.append(el("span", { class: "why" }, m.detail));
  if (m.refused) button.append(el("span", { class: "why" }, m.refused));
  return [button];
}

// ---- start --------------------------------------------------------------------------
$("code-form").addEventListener("submit", loadSeats);
try { seat = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { seat = null; }
if (seat && seat.token) connect(); else showJoin();
