"""Terminal renderings of stored records (rich renderables), shared by the CLI commands."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from .records import Article
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
