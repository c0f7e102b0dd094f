// Small progressive enhancements; every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form) form.requestSubmit();
  const saved = event.target.closest("select[data-insert-into]");
  if (saved) insertSavedReply(saved);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

function insertSavedReply(select) {
  const option = select.selectedOptions[0];
  const box = document.getElementById(select.dataset.insertInto);
  if (!option || !option.dataset.body || !box) return;
  box.value = box.value ? `${box.value}\n\n${option.dataset.body}` : option.dataset.body;
  select.value = "";
  box.focus();
}

// Presence: tell the server this case is open (and whether a reply is being written), and
// show who else is on it. Every 20 s while the page is visible.
function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function checkIn(box) {
  if (document.hidden) return;
  const text = document.getElementById("id_message-body");
  const body = new URLSearchParams({ composing: text && text.value.trim() ? "1" : "0" });
  fetch(box.dataset.url, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
  })
    .then((response) => (response.ok ? response.text() : null))
    .then((html) => {
      if (html !== null) box.innerHTML = html;
    })
    .catch(() => {});
}

const presence = document.getElementById("presence");
if (presence) window.setInterval(() => checkIn(presence), 20000);

// Keyboard shortcuts (? shows them). Never while typing in a field.
function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

function queueRows() {
  return Array.from(document.querySelectorAll("tr[data-href]"));
}

function moveSelection(step) {
  const rows = queueRows();
  if (!rows.length) return;
  const current = rows.findIndex((row) => row.classList.contains("selected"));
  const next = Math.min(Math.max(current + step, 0), rows.length - 1);
  rows.forEach((row) => row.classList.remove("selected"));
  rows[next].classList.add("selected");
  const link = rows[next].querySelector("a");
  if (link) link.focus();
}

function writeAs(kind) {
  const radio = document.querySelector(`input[name="message-kind"][value="${kind}"]`);
  const box = document.getElementById("id_message-body");
  if (!box) return;
  if (radio) radio.checked = true;
  box.focus();
}

function follow(selector) {
  const link = document.querySelector(selector);
  if (link) window.location.assign(link.href);
}

// WCAG 2.1.4: single-key shortcuts can be turned off (remembered in this browser).
const SHORTCUTS_KEY = "mostrador.shortcuts";
function shortcutsOn() {
  return window.localStorage.getItem(SHORTCUTS_KEY) !== "off";
}

function toggleHelp() {
  const help = document.getElementById("shortcuts");
  if (!help) return;
  if (help.open) help.close();
  else help.showModal();
}

const toggle = document.getElementById("shortcuts-enabled");
if (toggle) {
  toggle.checked = shortcutsOn();
  toggle.addEventListener("change", () => {
    window.localStorage.setItem(SHORTCUTS_KEY, toggle.checked ? "on" : "off");
  });
}
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-open-shortcuts]")) toggleHelp();
});

const SHORTCUTS = {
  "?": toggleHelp,
  "/": () => {
    const search = document.getElementById("topbar-q");
    if (search) search.focus();
  },
  i: () => follow("a[data-shortcut=intake]"),
  j: () => moveSelection(1),
  k: () => moveSelection(-1),
  r: () => writeAs("outbound"),
  n: () => writeAs("note"),
  "]": () => follow("a[data-shortcut=next]"),
};

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && typing(event.target)) {
    event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  if (!shortcutsOn()) return;
  const action = SHORTCUTS[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});

// Quick intake: the caller search box has the focus whenever the screen shows, also when the
// browser brings the page back from its history, where autofocus does not run again.
window.addEventListener("pageshow", () => {
  const box = document.querySelector("input[data-focus-on-show]");
  if (box && (document.activeElement === null || document.activeElement === document.body)) {
    box.focus();
  }
});

// Approvals inbox: a rejection needs a comment (the service refuses one without). Say so
// before sending, in the browser's own way, instead of after a round trip.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-decide]");
  if (!form) return;
  const comment = form.querySelector("input[name=decide-reason]");
  const rejecting = event.submitter && event.submitter.value === "no";
  if (!comment) return;
  comment.setCustomValidity(rejecting && !comment.value.trim() ? comment.dataset.rejectMessage : "");
  if (!comment.checkValidity()) {
    event.preventDefault();
    comment.reportValidity();
  }
});
document.addEventListener("input", (event) => {
  if (event.target.matches("form[data-decide] input[name=decide-reason]")) {
    event.target.setCustomValidity("");
  }
});

// Queues: x ticks or unticks the case chosen with j/k, for the bulk actions.
SHORTCUTS.x = () => {
  const row = document.querySelector("tr[data-href].selected");
  const box = row && row.querySelector("input[type=checkbox]");
  if (box) box.checked = !box.checked;
};
