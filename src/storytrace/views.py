"""Terminal renderings of stored records (rich renderables), shared by the CLI commands."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Article, Story
from .store import Store


def article_header(article: Article) -> Text:
    """One block of metadata: title, outlet, date, url, ids."""
    header = Text()
    header.append(article.title or "(no title)", style="bold")
    header.append("\n")
    date = article.published.isoformat() if article.published else "date unknown"
    header.append(f"{article.outlet or 'outlet unknown'} · {date} · {article.word_count} words")
    if article.url:
        header.append(f"\n{article.url}", style="dim")
    header.append(f"\nid {article.id}", style="dim")
    if article.external_id:
        header.append(f" · external id {article.external_id}", style="dim")
    if article.source:
        header.append(f" · from {article.source}", style="dim")
    return header


def render_article(store: Store, article: Article) -> Group:
    """The article's text with reused spans underlined and quotes coloured when known."""
    body = Text(article.text)
    spans = store.connection.execute(
        'SELECT m.start, m."end", c.size FROM reuse_members m '
        "JOIN reuse_clusters c ON c.id = m.cluster_id WHERE m.article_id = ?",
        (article.id,),
    ).fetchall()
    for start, end, _size in spans:
        body.stylize("underline yellow", start, end)
    legend = Text()
    if spans:
        legend.append(f"{len(spans)} reused passage(s) underlined", style="yellow")
    return Group(Panel(article_header(article), expand=True), body, legend)


def _outlets_of(store: Store, article_ids: list[str]) -> dict[str, str]:
    if not article_ids:
        return {}
    rows = store.connection.execute(
        f"SELECT id, coalesce(outlet, '?') FROM articles WHERE id IN "
        f"({','.join('?' * len(article_ids))})", article_ids,
    )
    return dict(rows)


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def stories_table(store: Store) -> Table:
    """All stories: id, dates, size, outlets, title."""
    stories = store.stories()
    table = Table(title=f"{len(stories)} stories", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("dates · size", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for story in stories:
        dates = f"{story.first or '?'}" + (f" → {story.last}" if story.last != story.first else "")
        episodes = len(story.episodes) or 1
        size = f"{len(story.article_ids)} articles, {len(story.outlets)} outlets" + (
            f", {episodes} episodes" if episodes > 1 else "")
        table.add_row(story.id[:10], f"{dates}\n[dim]{size}[/]", escape(story.title))
    return table


def clusters_table(store: Store) -> Table:
    """Reuse clusters: size, outlets, origin, first words."""
    clusters = store.clusters()
    table = Table(title=f"{len(clusters)} reuse clusters", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("size", justify="right", no_wrap=True)
    for name in ("outlets", "origin", "first words"):
        table.add_column(name, overflow="fold", ratio=1)
    for cluster in clusters:
        ids = [m.passage.article_id for m in cluster.members]
        outlets = _outlets_of(store, ids)
        origin = cluster.origin or f"({cluster.origin_status})"
        if cluster.origin:
            origin = f"{cluster.origin} {outlets.get(cluster.origin, '')}"
        table.add_row(cluster.id, str(len(cluster.members)),
                      ", ".join(sorted(set(outlets.values()))), origin,
                      _first_words(cluster.members[0].passage.text))
    return table


def quotes_view(store: Store, speaker: str | None = None) -> Group:
    """Quotes grouped by speaker, each with the outlets and articles that printed it."""
    quotes = store.quotes(speaker=speaker)
    outlets = _outlets_of(store, sorted({q.article_id for q in quotes}))
    by_speaker: dict[str, list] = {}
    for quote in quotes:
        name = quote.speaker.name or f"({quote.speaker.kind})"
        by_speaker.setdefault(name, []).append(quote)
    parts: list = [Text(f"{len(quotes)} quotes by {len(by_speaker)} speakers", style="bold")]
    for name, items in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        parts.append(Text(f"\n{name} ({len(items)})", style="bold cyan"))
        for quote in items:
            line = Text("  “")
            line.append(_first_words(quote.text, 30))
            line.append("”")
            line.append(f"  {quote.cue or ''} · {outlets.get(quote.article_id, '?')} "
                        f"{quote.article_id}", style="dim")
            parts.append(line)
    return Group(*parts)


def statements_view(store: Store) -> Group:
    """Each statement rebuilt from its fragments, with who quoted which part."""
    statements = store.statements()
    parts: list = [Text(f"{len(statements)} statements", style="bold")]
    for statement in statements:
        ids = sorted({f.article_id for f in statement.fragments})
        outlets = _outlets_of(store, ids)
        head = Text(f"\n{statement.id} · {statement.speaker.name or statement.speaker.kind} · "
                    f"{len(ids)} articles · first {statement.first_article_id}", style="bold cyan")
        parts.append(head)
        parts.append(Text(statement.text))
        for fragment in statement.fragments:
            parts.append(Text(
                f"  {outlets.get(fragment.article_id, '?')} {fragment.article_id} quoted "
                f"chars {fragment.statement_start}-{fragment.statement_end}", style="dim"))
        for diff in statement.differences:
            parts.append(Text(f"  wording: {outlets.get(diff.article_id, '?')} has "
                              f"{diff.article_text!r} for {diff.statement_text!r}",
                              style="yellow"))
    return Group(*parts)


def facts_view(store: Store, person: str | None = None) -> Group:
    """One person's timeline (any alias finds them), or every person with their claims."""
    from .facts import person_timeline

    claims = store.claims()
    if person:
        timeline = person_timeline(person, claims, store.conflicts())
        if not timeline.entries and not timeline.relations:
            return Group(Text(f"nothing is known about {person!r}", style="yellow"))
        outlets = _outlets_of(store, sorted({c.article_id for e in timeline.entries
                                             for c in e.claims}))
        head = Text(timeline.person, style="bold cyan")
        if timeline.aliases:
            others = [a for a in timeline.aliases if a != timeline.person]
            head.append(f"  (also: {', '.join(others)})" if others else "", style="dim")
        if timeline.born:
            head.append(f"\nborn {timeline.born}")
        if timeline.died:
            head.append(f"\ndied {timeline.died}")
        parts: list = [head]
        for relation, other, _claims in timeline.relations:
            parts.append(Text(f"  {relation}: {other}"))
        parts.append(Text("\ntimeline", style="bold"))
        for entry in timeline.entries:
            sources = ", ".join(sorted({outlets.get(c.article_id, "?") for c in entry.claims}))
            parts.append(Text(f"  {entry.when or 'undated':<24} {entry.what}  ({sources})"))
        for conflict in timeline.conflicts:
            style = "red" if conflict.kind == "contradiction" else "yellow"
            parts.append(Text(f"  {conflict.kind}: {conflict.explanation}", style=style))
        return Group(*parts)
    by_subject: dict[str, list] = {}
    for claim in claims:
        by_subject.setdefault(claim.subject, []).append(claim)
    table = Table(title=f"{len(claims)} claims about {len(by_subject)} people",
                  title_justify="left")
    for name in ("person", "claims", "what is said"):
        table.add_column(name, overflow="fold")
    for subject, items in sorted(by_subject.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        said = "; ".join(sorted({f"{c.attribute.replace('_', ' ')} {c.value}" for c in items}))
        table.add_row(subject, str(len(items)), said)
    return Group(table, Text("storytrace facts NAME prints one person's timeline", style="dim"))


def conflicts_view(store: Store) -> Group:
    """Contradictions and stale facts, each with its date arithmetic."""
    conflicts = store.conflicts()
    parts: list = [Text(f"{len(conflicts)} conflicts", style="bold")]
    for conflict in conflicts:
        style = "red" if conflict.kind == "contradiction" else "yellow"
        parts.append(Text(f"\n{conflict.kind}: {conflict.claim_a.subject} "
                          f"({conflict.claim_a.attribute})", style=f"bold {style}"))
        parts.append(Text(f"  {conflict.explanation}"))
    return Group(*parts)


def render_story(store: Store, story: Story) -> Group:
    """One story: articles by date and outlet, episodes, reuse, statements, facts, conflicts."""
    articles = {a.id: a for a in store.articles(ids=list(story.article_ids))}
    head = Text(story.title, style="bold")
    head.append(f"\n{story.id} · {len(story.article_ids)} articles · "
                f"{len(story.outlets)} outlets · {story.first or '?'} to {story.last or '?'}",
                style="dim")
    if story.people:
        head.append("\npeople: " + ", ".join(story.people[:8]), style="dim")
    parts: list = [Panel(head)]
    episode_of = {a: e.index for e in story.episodes for a in e.article_ids}
    table = Table(title="articles", title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("outlet", overflow="fold", max_width=18)
    table.add_column("", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for article in sorted(articles.values(),
                          key=lambda a: (a.published_date is None, str(a.published_date or ""))):
        episode = episode_of.get(article.id, 0)
        table.add_row(str(article.published_date or "—"), escape(article.outlet or "—"),
                      "follow-up" if episode > 0 else "", article.id[:10],
                      escape(article.title or _first_words(article.text, 10)))
    parts.append(table)
    clusters = [c for c in store.clusters() if c.id in set(story.cluster_ids)]
    if clusters:
        parts.append(Text(f"\nreused passages ({len(clusters)})", style="bold"))
        for cluster in clusters:
            members = ", ".join(
                f"{(articles.get(m.passage.article_id) or _missing(m)).outlet or '?'}"
                for m in cluster.members)
            parts.append(Text(f"  [{len(cluster.members)}× {members}; origin "
                              f"{cluster.origin or cluster.origin_status}] "
                              f"{_first_words(cluster.members[0].passage.text, 16)}"))
    statements = [s for s in store.statements() if s.id in set(story.statement_ids)]
    if statements:
        parts.append(Text(f"\nstatements ({len(statements)})", style="bold"))
        for statement in statements:
            parts.append(Text(f"  {statement.speaker.name or statement.speaker.kind}: "
                              f"“{_first_words(statement.text, 24)}” "
                              f"({len({f.article_id for f in statement.fragments})} articles)"))
    quotes = [q for a in story.article_ids for q in store.quotes(article_id=a)]
    speakers: dict[str, int] = {}
    for quote in quotes:
        name = quote.speaker.name or f"({quote.speaker.kind})"
        speakers[name] = speakers.get(name, 0) + 1
    if speakers:
        parts.append(Text("\nwho said what: " + ", ".join(
            f"{n} ({c})" for n, c in sorted(speakers.items(), key=lambda kv: -kv[1])),
            style="bold"))
    conflicts = [c for c in store.conflicts() if c.claim_a.article_id in articles]
    if conflicts:
        parts.append(Text(f"\nconflicts ({len(conflicts)})", style="bold red"))
        for conflict in conflicts:
            parts.append(Text(f"  {conflict.kind}: {conflict.explanation}"))
    return Group(*parts)


def _missing(member) -> Article:
    return Article(id=member.passage.article_id, outlet=None, url=None, published=None,
                   title=None, text="")
