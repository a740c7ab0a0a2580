// crybot playground: a chat pane wired to the core, and a live view of the catalogue.
// Everything is built with DOM calls (never innerHTML) so chat text stays text.

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("text");
const moodPicker = document.getElementById("mood");
const cryButton = document.getElementById("cry");
const cooldownSwitch = document.getElementById("cooldowns");
let catalogueView = { emoji: {} }; // the latest catalogue the server pushed

/** Make an element with attributes and children (strings become text). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** POST JSON and return the decoded answer; the server never sends exception text. */
async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error("The playground is not answering. Is crybot web still running?");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || "The playground could not answer.");
  return data;
}

function scrollToEnd() {
  log.lastElementChild?.scrollIntoView({ block: "end" });
}

function timeNow() {
  return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function message({ who, cls, body }) {
  const item = el("li", { className: `msg ${cls}` },
    el("p", { className: "meta" }, el("span", { className: "who" }, who), " ", el("time", {}, timeNow())),
    el("div", { className: "body" }, body));
  log.append(item);
  scrollToEnd();
  return item;
}

// ---- why a reply came (or did not) ------------------------------------------------------

function cooldownText(why) {
  return why.cooldown_left > 0 ? `cooling down, ${Math.ceil(why.cooldown_left)} s` : "";
}

function whyLine(term, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return [];
  return [el("dt", {}, term), el("dd", {}, Array.isArray(value) ? value.join(", ") : value)];
}

function whyDetails(why, summary = "Why?") {
  const percent = `${Math.round((why.confidence || 0) * 100)}%`;
  return el("details", { className: "why" },
    el("summary", {}, summary),
    el("dl", {},
      whyLine("mood", `${why.mood} (${percent} sure)`),
      whyLine("cues", why.cues),
      whyLine("trigger", why.trigger),
      whyLine("meme", why.meme_reason),
      whyLine("stopped by", why.stopped_by),
      whyLine("cooldown", cooldownText(why))));
}

function silenceReason(why) {
  return cooldownText(why) || why.stopped_by || (why.trigger ? "held back" : "no trigger matched");
}

// ---- replies ----------------------------------------------------------------------------

function figure(picture) {
  const image = el("img", {
    src: picture.url, alt: picture.alt, width: picture.width || null, height: picture.height || null,
  });
  image.addEventListener("load", scrollToEnd, { once: true }); // the log grew once the picture had a size
  return el("figure", { className: "meme", dataset: { memeId: picture.meme_id } }, image,
    el("figcaption", {}, picture.alt));
}

function botMessage(body, why, { cls = "bot", who = "crybot" } = {}) {
  return message({ who, cls, body: [body, why ? whyDetails(why) : null] });
}

function noteOn(item, reply, text) {
  item.querySelector(".note")?.remove();
  item.querySelector(".body").append(el("div", { className: "note" }, text, whyDetails(reply.why)));
  item.dataset.replied = reply.kind;
  scrollToEnd(); // the note made the last message taller
}

/** The emoji of the mood a meme was given for: a joy meme is sent "for you 🥹", not with a tear. */
function moodEmoji(mood) {
  return catalogueView.emoji[mood] || "😢";
}

const PRIVATE = { cls: "bot private", who: "crybot · only you can see this" };

function showReply(reply, mine, { command = false } = {}) {
  switch (reply.kind) {
    case "meme":
      if (reply.preview_id) return showPreview(reply);
      return botMessage(
        [reply.on_behalf_of ? el("p", { className: "byline" }, `for ${reply.on_behalf_of} ${moodEmoji(reply.why.reply_mood)}`) : null,
          figure(reply.picture)],
        reply.why);
    case "reaction":
      if (mine) {
        mine.querySelector(".body").append(
          el("span", { className: "reaction", role: "img", "aria-label": `crybot reacted ${reply.emoji}` }, reply.emoji));
        noteOn(mine, reply, "crybot reacted");
      }
      return mine;
    case "support":
      if (reply.preview_id) return showPreview(reply);
      return botMessage(el("p", { className: "support" }, reply.text), reply.why, command ? PRIVATE : {});
    case "notice":
      return botMessage(el("p", {}, reply.text), null, PRIVATE);
    case "nothing":
      if (mine) noteOn(mine, reply, `No reply: ${silenceReason(reply.why)}`);
      return mine;
    default:
      return null;
  }
}

// ---- /cry previews ------------------------------------------------------------------------

function previewBody(reply) {
  if (reply.kind === "support") return el("p", { className: "support" }, reply.text);
  return figure(reply.picture);
}

function showPreview(reply) {
  const buttons = reply.kind === "meme"
    ? [["send", "Send"], ["shuffle", "Shuffle"], ["cancel", "Cancel"]]
    : [["cancel", "Dismiss"]];
  const actions = el("div", { className: "actions", role: "group", "aria-label": "Preview actions" },
    buttons.map(([action, label]) => el("button", { type: "button", dataset: { action } }, label)));
  const item = message({
    who: PRIVATE.who,
    cls: `${PRIVATE.cls} preview`,
    body: [el("div", { className: "slot" }, previewBody(reply), whyDetails(reply.why)), actions],
  });
  item.dataset.previewId = reply.preview_id;
  actions.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button) press(item, button.dataset.action);
  });
  item.addEventListener("keydown", (event) => {
    if (event.key === "Escape") press(item, "cancel"); // like closing a dialog
  });
  actions.querySelector("button").focus();
  return item;
}

async function press(item, action) {
  const buttons = item.querySelectorAll(".actions button");
  buttons.forEach((b) => { b.disabled = true; });
  let reply;
  try {
    reply = (await post("/api/button", { preview_id: item.dataset.previewId, action })).reply;
  } catch (error) {
    buttons.forEach((b) => { b.disabled = false; });
    return showError(error);
  }
  if (reply.kind === "dismiss") {
    item.remove();
    input.focus();
  } else if (reply.preview_id && (reply.kind === "meme" || reply.kind === "support")) {
    item.querySelector(".slot").replaceChildren(previewBody(reply), whyDetails(reply.why));
    buttons.forEach((b) => { b.disabled = false; });
    item.querySelector(`button[data-action="${action}"]`)?.focus();
  } else {
    item.remove();
    showReply(reply, null, { command: reply.kind !== "meme" });
    input.focus();
  }
}

// ---- sending ------------------------------------------------------------------------------

function showError(error) {
  botMessage(el("p", {}, error.message), null, { cls: "bot private error", who: "playground" });
}

async function say(text, mood) {
  const isCry = /^\/cry(\s|$)/i.test(text);
  const mine = message({ who: "you", cls: isCry ? "mine command" : "mine", body: el("p", { className: "text" }, text) });
  mine.dataset.replied = "pending";
  try {
    const { reply } = await post("/api/message", { text, mood: isCry ? mood : "" });
    showReply(reply, mine, { command: isCry });
    if (mine.dataset.replied === "pending") mine.dataset.replied = reply.kind;
  } catch (error) {
    mine.dataset.replied = "error";
    showError(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  say(text, moodPicker.value);
});

cryButton.addEventListener("click", () => {
  const text = input.value.trim();
  input.value = "";
  say(text ? `/cry ${text}` : "/cry", moodPicker.value);
  input.focus();
});

// ---- catalogue view ------------------------------------------------------------------------

function memeCard(meme) {
  const thumb = meme.thumbnail
    ? el("img", { src: meme.thumbnail, alt: meme.alt, loading: "lazy" })
    : el("div", { className: "remote", role: "img", "aria-label": meme.alt }, "remote image");
  return el("li", { className: "card", dataset: { memeId: meme.id } },
    thumb,
    el("div", { className: "card-text" },
      el("p", { className: "id" }, meme.id),
      el("p", { className: "alt" }, meme.alt),
      el("p", { className: "facts" },
        `weight ${meme.weight} · ${meme.rating}`, meme.credit ? ` · ${meme.credit}` : ""),
      storyLine("words", meme.words, "chosen first when the message mentions one"),
      storyLine("needs", meme.needs, "never chosen unless the message mentions one"),
      meme.allowed ? null : el("p", { className: "held" }, "above max_rating: never sent")));
}

function storyLine(field, words, meaning) {
  if (!words || !words.length) return null;
  return el("p", { className: `story ${field}`, title: meaning },
    el("span", { className: "field" }, `${field}: `), words.map((w, i) => [i ? " " : "", el("code", {}, w)]));
}

function renderGroups(view) {
  const groups = view.moods.filter((mood) => mood !== "neutral").map((mood) => {
    const memes = view.memes.filter((m) => m.moods.includes(mood));
    return el("section", { className: "group", dataset: { mood } },
      el("h3", {}, `${view.emoji[mood] || ""} ${mood} `.trimStart(), el("span", { className: "count" }, `(${memes.length})`)),
      memes.length ? el("ul", { className: "cards" }, memes.map(memeCard)) : el("p", { className: "empty" }, "no memes"));
  });
  document.getElementById("groups").replaceChildren(...groups);
}

// A long word list (crying in ten languages) shows its first words and folds the rest, so the memes stay in view.
const SHOWN_WORDS = 10;

function triggerWords(words) {
  const chips = (list) => list.map((w) => [el("code", {}, w), " "]);
  if (words.length <= SHOWN_WORDS + 2) return chips(words);
  const rest = words.slice(SHOWN_WORDS);
  return [chips(words.slice(0, SHOWN_WORDS)),
    el("details", { className: "more" }, el("summary", {}, `+${rest.length} more`), chips(rest))];
}

function renderTriggers(view) {
  const items = view.triggers.map((t) => el("li", {},
    t.regex !== null ? el("code", { className: "regex" }, t.regex) : triggerWords(t.words),
    el("span", { className: "to" }, `→ ${t.mood}`, t.chance < 1 ? ` (${Math.round(t.chance * 100)}% of matches)` : "")));
  document.getElementById("triggers").replaceChildren(...(items.length ? items : [el("li", {}, "no triggers")]));
}

function renderSettings(view) {
  const rows = Object.entries(view.settings).flatMap(([key, value]) => [el("dt", {}, key), el("dd", {}, String(value))]);
  document.getElementById("settings").replaceChildren(...rows);
}

function renderProblems(problems) {
  const banner = document.getElementById("banner");
  document.getElementById("problems").replaceChildren(...problems.map((line) => el("li", {}, el("code", {}, line))));
  banner.hidden = problems.length === 0;
}

function fillMoodPicker(moods) {
  if (moodPicker.options.length > 1) return;
  for (const mood of moods) if (mood !== "neutral") moodPicker.append(el("option", { value: mood }, mood));
}

function renderChanges(changes) {
  document.getElementById("changes").replaceChildren(...changes.map((line) => el("li", {}, el("code", {}, line))));
  document.getElementById("reload").hidden = changes.length === 0;
}

function renderSwitches(view) {
  cooldownSwitch.checked = view.switches.cooldowns;
  document.body.dataset.cooldowns = view.switches.cooldowns ? "on" : "off";
  document.getElementById("cooldowns-label").textContent =
    `Cooldowns as on a server (${view.settings.channel_cooldown} s a channel, ${view.settings.user_cooldown} s a person)`;
}

function renderCatalogue(view) {
  catalogueView = view;
  fillMoodPicker(view.moods);
  renderChanges(view.changes || []);
  renderSwitches(view);
  renderProblems(view.problems);
  renderGroups(view);
  renderTriggers(view);
  renderSettings(view);
  document.getElementById("catalogue-status").textContent =
    `${view.memes.length} memes · ${view.triggers.length} triggers · updated ${timeNow()}`;
  document.body.dataset.catalogueVersion = String(view.version);
}

// Server-sent events: the server pushes the catalogue on connect and after every reload attempt.
const events = new EventSource("/api/events");
events.addEventListener("catalogue", (event) => renderCatalogue(JSON.parse(event.data)));
events.addEventListener("open", () => { document.body.dataset.live = "yes"; });

cooldownSwitch.addEventListener("change", async () => {
  try {
    const { switches } = await post("/api/cooldowns", { on: cooldownSwitch.checked });
    document.body.dataset.cooldowns = switches.cooldowns ? "on" : "off"; // the server applies it from now on
  } catch (error) {
    cooldownSwitch.checked = !cooldownSwitch.checked;
    showError(error);
  }
});

// ---- narrow screens show one pane at a time ------------------------------------------------

for (const button of document.querySelectorAll(".views button")) {
  button.addEventListener("click", () => {
    document.body.dataset.view = button.dataset.show;
    for (const other of document.querySelectorAll(".views button")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
  });
}

// ---- fonts: every face loaded before any text is shown --------------------------------------

// One sample per face (the CJK faces per weight); loading them all at once means text typed later, Hangul or
// emoji, is drawn with its face from its first paint.
const FACES = [
  ["16px 'crybot text'", "crybot"],
  ["600 16px 'crybot text'", "crybot"],
  ["16px 'crybot emoji'", "😢"],
  ["16px 'crybot CJK'", "흑"],
  ["bold 16px 'crybot CJK'", "흑"],
];
const FONT_WAIT_MS = 15000; // a face that never comes must not hide the page forever

async function fontsLoaded() {
  const loads = Promise.allSettled(FACES.map(([font, sample]) => document.fonts.load(font, sample)));
  await Promise.race([loads, new Promise((resolve) => { setTimeout(resolve, FONT_WAIT_MS); })]);
  document.body.classList.remove("fonts-loading");
  document.body.dataset.fonts = FACES.every(([font, sample]) => document.fonts.check(font, sample)) ? "ready" : "missing";
  input.focus();
}

fontsLoaded();
