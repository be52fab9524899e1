"""Assigns topics to articles and stories: front matter, the taxonomy, hashtags, then key phrases.

For each article, in order (documented in docs/topics-and-timeline.md):

1. front matter ``topics:`` is authoritative: the article gets exactly those topics
   (matched to taxonomy topics by slug, name or keyword; otherwise new topics);
2. otherwise the taxonomy in ``site.yaml`` scores every topic: each keyword occurrence
   counts :data:`TITLE_WEIGHT` in the title, :data:`DEK_WEIGHT` in the dek and 1 in the
   body (at most :data:`BODY_CAP` per keyword, over the first :data:`BODY_CHARS`), and a
   topic applies at :data:`THRESHOLD` or more; front matter ``tags:`` and hashtags that
   name a taxonomy topic apply it outright, and an unknown hashtag or tag becomes a
   topic of its own when :data:`MIN_TAG_ARTICLES` articles share it (tags from front
   matter always do);
3. an article still without a topic takes its story-mates' topics, and failing that
   gets one from its story's key phrases (:mod:`site_builder.analyze.keyphrases`),
   marked ``automatic``.

So no article is left without a topic.  A story's topics are the union of its members'.

:func:`article_prints` sums up what this reads of one article, so that the analysis memo
can replay the topics of a build in which no article's prints changed (issue 7: an edit
that leaves an article's tags, front matter and keyword scores alone re-scores that
article only).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from site_builder.analyze.keyphrases import keyphrase_text, rank_keyphrases, trie_pattern
from site_builder.ingest.records import as_list
from site_builder.model import Article, SiteConfig, Story, Topic, TopicRule, value_digest

TITLE_WEIGHT = 3
DEK_WEIGHT = 2
BODY_CAP = 3
BODY_CHARS = 4000
THRESHOLD = 3
MIN_TAG_ARTICLES = 2


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "topic"


def _split_camel(tag: str) -> str:
    """"TrendingNews" → "Trending News", "US_Japan" → "US Japan"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tag.replace("_", " ").replace("-", " "))
    return " ".join(spaced.split())


class Taxonomy:
    """The topic rules compiled into two regexes: one case-insensitive, one for acronyms."""

    def __init__(self, rules: list[TopicRule], config: SiteConfig) -> None:
        self.rules = {r.slug: r for r in rules}
        self.by_keyword: dict[str, set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, str] = {}  # any lower-cased name, slug or keyword → slug
        aliases = {e.name.lower(): e.aliases for e in config.entities}
        for rule in rules:
            words = list(rule.keywords)
            # A keyword that names a known entity brings that entity's aliases along.
            for word in rule.keywords:
                words += aliases.get(word.lower(), [])
            for word in words:
                word = " ".join(word.split())
                if not word:
                    continue
                # All-capital keywords ("US", "NATO") must match in capitals, or "us" would count.
                if len(word) <= 5 and word.isupper():
                    self.by_acronym[word].add(rule.slug)
                else:
                    self.by_keyword[word.lower()].add(rule.slug)
                self.names.setdefault(word.lower(), rule.slug)
            for name in (rule.slug, rule.name, rule.slug.replace("-", " ")):
                self.names[name.lower()] = rule.slug
        # Matching lower-cased text is about twice as fast as a case-insensitive regex.
        self.pattern = _alternation(self.by_keyword, 0)
        self._resolved: dict[str, str | None] = {}
        self.acronyms = _alternation(self.by_acronym, 0)

    def resolve(self, name: str) -> str | None:
        """The taxonomy slug a tag or front-matter topic names, if any."""
        if name not in self._resolved:
            found = None
            for form in (name, _split_camel(name), slugify(name), slugify(name).replace("-", " ")):
                found = self.names.get(form.lower())
                if found:
                    break
            self._resolved[name] = found
        return self._resolved[name]

    def scores(self, article: Article) -> Counter[str]:
        scores: Counter[str] = Counter()
        if self.pattern is None and self.acronyms is None:
            return scores  # no keywords: nothing to look for (and no body to join)
        body = "\n".join(article.body)[:BODY_CHARS]
        for text, weight, cap in ((article.title, TITLE_WEIGHT, None), (article.dek or "", DEK_WEIGHT, None),
                                  (body, 1, BODY_CAP)):
            if not text:
                continue
            for regex, table, subject in ((self.pattern, self.by_keyword, text.lower()),
                                          (self.acronyms, self.by_acronym, text)):
                if regex is None:
                    continue
                hits = Counter(" ".join(m.group(0).split()) for m in regex.finditer(subject))
                for word, count in hits.items():
                    for slug in table.get(word, ()):
                        scores[slug] += weight * (min(count, cap) if cap else count)
        return scores


def _alternation(table: dict[str, set[str]], flags: int) -> re.Pattern[str] | None:
    if not table:
        return None
    return re.compile(rf"(?<![\w-])(?:{trie_pattern(list(table))})(?![\w-])", flags)


def _story_sort_key(story: Story) -> tuple[str, str]:
    if story.event_date:
        date = story.event_date.date.to_date().isoformat()
    else:
        dates = [a.published.date.to_date().isoformat() for a in story.articles if a.published]
        date = max(dates, default="")
    return date, story.id


def article_prints(article: Article, taxonomy: Taxonomy) -> tuple[bytes, Counter[str], bytes]:
    """What :func:`assign_topics` reads of one article, less its source and story: a print
    of its tags, front-matter topics and tags, taxonomy scores and publication date; its
    scores (to hand back to :func:`assign_topics`); and a print of the text its key
    phrases are read from, which matters only when some article is left without a topic.
    """
    front_topics = as_list(article.front_matter.get("topics"))
    scores = Counter() if front_topics else taxonomy.scores(article)
    date = article.published.date if article.published else None
    tagged = value_digest((article.tags, front_topics, as_list(article.front_matter.get("tags")),
                           sorted(scores.items()), date and (date.year, date.month, date.day)))
    return tagged, scores, value_digest(keyphrase_text(article))


def assign_topics(articles: list[Article], stories: list[Story], config: SiteConfig,
                  taxonomy: Taxonomy | None = None, scores: dict[str, Counter[str]] | None = None) -> list[Topic]:
    """Set ``Article.topics`` and ``Story.topics``; return the topics in use, by slug.

    ``taxonomy`` is ``Taxonomy(config.topics, config)`` if already made, and ``scores``
    its scores of some articles (by source) where already known (see :func:`article_prints`).
    """
    return assign(articles, stories, config, taxonomy, scores)[0]


def assign(articles: list[Article], stories: list[Story], config: SiteConfig,
           taxonomy: Taxonomy | None = None, scores: dict[str, Counter[str]] | None = None) -> tuple[list[Topic], bool]:
    """:func:`assign_topics`, and whether it read key phrases (some article found no topic otherwise)."""
    taxonomy = taxonomy or Taxonomy(config.topics, config)
    known = scores or {}
    topics: dict[str, Topic] = {
        r.slug: Topic(slug=r.slug, name=r.name, description=r.description, keywords=list(r.keywords))
        for r in config.topics
    }

    # Articles share their tags and front-matter topics: each name is resolved, and its
    # topic made, once (the first time, as before, so topics keep their order).
    named_as: dict[str, str] = {}

    def named(name: str) -> str:
        slug = named_as.get(name)
        if slug is not None:
            return slug
        slug = taxonomy.resolve(name)
        if not slug:
            display = _split_camel(name)
            slug = slugify(display)
            if slug not in topics:
                topics[slug] = Topic(slug=slug, name=display)
        named_as[name] = slug
        return slug

    tag_slugs: dict[str, str] = {}

    def tag_slug(tag: str) -> str:
        slug = tag_slugs.get(tag)
        if slug is None:
            slug = tag_slugs[tag] = slugify(_split_camel(tag))
        return slug

    # Unknown hashtags and tags become topics only when several articles share them,
    # so one page's "#Strengthen #Ties" does not spawn topics of one article each.
    tag_use: Counter[str] = Counter()
    for article in articles:
        tag_use.update({tag_slug(t) for t in article.tags if not taxonomy.resolve(t)})

    # Not on forked workers: scoring 2,000 articles takes 0.01 s, a pool around it 0.1 s.
    scored = [a for a in articles if not as_list(a.front_matter.get("topics"))]
    # Copied: the loop below adds tag scores to them.
    scores_of = {id(a): Counter(known[a.source]) if a.source in known else taxonomy.scores(a) for a in scored}
    for article in articles:
        article.topics = []
        front_topics = as_list(article.front_matter.get("topics"))
        front_tags = as_list(article.front_matter.get("tags"))
        tags = list(dict.fromkeys([*article.tags, *front_tags]))
        front_tag_set = {t.lower() for t in front_tags}
        if front_topics:
            chosen = [named(t) for t in front_topics]
        else:
            scores = scores_of[id(article)]
            for tag in tags:
                slug = taxonomy.resolve(tag)
                if slug:
                    scores[slug] += THRESHOLD
                elif tag.lower() in front_tag_set or tag_use[tag_slug(tag)] >= MIN_TAG_ARTICLES:
                    scores[named(tag)] += THRESHOLD
            chosen = [slug for slug, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
                      if score >= THRESHOLD]
        article.topics = list(dict.fromkeys(chosen))

    # An article the taxonomy misses takes the topics of its story's other members, if any:
    # one story should not sit under a taxonomy topic and an invented one at once.
    story_of = {s.id: s for s in stories}
    for article in articles:
        story = story_of.get(article.story_id or "")
        if not article.topics and story is not None:
            article.topics = list(dict.fromkeys(t for a in story.articles if a is not article for t in a.topics))
    orphans = [a for a in articles if not a.topics]
    # Orphans of one story share one automatic topic, chosen from all their text.
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in orphans:
        groups[article.story_id or article.source].append(article)
    for key, phrases in rank_keyphrases(articles, groups, top=1).items():
        for phrase in phrases:
            slug = taxonomy.resolve(phrase.text) or slugify(phrase.text)
            topic = topics.setdefault(slug, Topic(slug=slug, name=phrase.text, automatic=True))
            if topic.automatic:
                topic.keywords = list(dict.fromkeys([*topic.keywords, phrase.text]))
            for article in groups[key]:
                article.topics.append(slug)
    for article in orphans:
        if not article.topics:  # nothing to go on at all (an empty body): a catch-all topic
            topics.setdefault("general", Topic(slug="general", name="General", automatic=True))
            article.topics.append("general")

    for story in stories:
        story.topics = list(dict.fromkeys(t for a in story.articles for t in a.topics))
    members: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for slug in article.topics:
            if article.story_id in story_of:
                members[slug].add(article.story_id)  # type: ignore[arg-type]
    in_use = {slug for a in articles for slug in a.topics}
    # A story sits under several topics: its sort key is made once.
    sort_keys: dict[str, tuple[str, str]] = {}

    def sort_key(story: Story) -> tuple[str, str]:
        key = sort_keys.get(story.id)
        if key is None:
            key = sort_keys[story.id] = _story_sort_key(story)
        return key

    used = []
    for slug, topic in topics.items():
        if slug not in in_use:
            continue
        topic.story_ids = [s.id for s in sorted((story_of[i] for i in members[slug]), key=sort_key, reverse=True)]
        used.append(topic)
    return sorted(used, key=lambda t: t.slug), bool(orphans)
