// Timeline: an optional filter (all events / stories / events mentioned in coverage).
// The timeline is complete without this script; it only adds the buttons.
(() => {
  "use strict";
  const timeline = document.querySelector(".timeline");
  if (!timeline) return;
  const entries = Array.from(timeline.querySelectorAll(".tl-entry"));
  const kinds = new Set(entries.map((e) => e.dataset.kind));
  if (kinds.size < 2) return;
  const choices = [["all", "All events"], ["story", "Stories"], ["mention", "Mentioned in coverage"], ["editor", "Added by editors"]]
    .filter(([k]) => k === "all" || kinds.has(k));
  const group = document.createElement("div");
  group.className = "tl-filter";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Show on the timeline");
  const buttons = choices.map(([kind, label]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.setAttribute("aria-pressed", String(kind === "all"));
    b.addEventListener("click", () => {
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === b));
      for (const e of entries) e.hidden = kind !== "all" && e.dataset.kind !== kind;
      for (const year of timeline.querySelectorAll(".tl-year")) {
        year.hidden = !year.querySelector(".tl-entry:not([hidden])");
      }
    });
    group.append(b);
    return b;
  });
  timeline.before(group);
})();
