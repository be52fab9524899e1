// Search page: runs Pagefind's index from ./pagefind/ (relative, so the site works
// under any subpath), with our own labelled, keyboard-friendly form and result list.
(() => {
  "use strict";
  const script = document.currentScript;
  const root = script.dataset.root || "./";
  const pretty = script.dataset.pretty === "true";
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  let engine = null;
  let latest = 0;

  async function load() {
    if (!engine) {
      engine = await import(new URL(root + "pagefind/pagefind.js", document.baseURI).href);
      await engine.options({ baseUrl: "/" });
      engine.init();
    }
    return engine;
  }

  // Pagefind reports site-root paths ("/stories/x/"); turn them into links relative to this page.
  function href(url) {
    let path = url.replace(/^\/+/, "");
    if (pretty) path = path.replace(/index\.html$/, "");
    else if (path === "" || path.endsWith("/")) path += "index.html";
    return root + path;
  }

  // Keep only the text and the <mark> highlights of an excerpt; never insert its HTML as is.
  function excerptNode(html) {
    const doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    const p = document.createElement("p");
    p.className = "search-excerpt";
    for (const node of doc.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(document.createTextNode(node.textContent));
      }
    }
    return p;
  }

  async function run(query) {
    const ticket = ++latest;
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    let pf;
    try {
      pf = await load();
    } catch (err) {
      status.textContent = "The search index is not available on this copy of the site.";
      return;
    }
    const found = await pf.search(query);
    if (ticket !== latest || !found) return;
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (ticket !== latest) return;
    for (const data of results) {
      const li = document.createElement("li");
      const h = document.createElement("h2");
      const a = document.createElement("a");
      a.href = href(data.url);
      a.textContent = (data.meta && data.meta.title) || data.url;
      h.append(a);
      li.append(h);
      const meta = data.meta || {};
      const about = [meta.kind, meta.date].filter(Boolean).join(" · ");
      if (about) {
        const p = document.createElement("p");
        p.className = "search-meta";
        p.textContent = about;
        li.append(p);
      }
      li.append(excerptNode(data.excerpt || ""));
      list.append(li);
    }
    const n = found.results.length;
    status.textContent = n === 0 ? `No results for “${query}”.`
      : `${n} result${n === 1 ? "" : "s"} for “${query}”${n > 20 ? ", showing the first 20" : ""}.`;
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
