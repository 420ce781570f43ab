"""A small fictional store for the web UI's tests, demos and benchmark.

Invented outlets and people only. ``write_sample_store(path)`` stores three stories:

* "Mara Quill is expecting her third child": three articles from three outlets on the
  announcement and a follow-up five months later; one statement quoted in fragments by each
  outlet (one rewording); a reused background passage; claims with one contradiction (ages 34
  and 31 a day apart) and one stale age; a digest.
* "Port Alder bridge closed for repairs": two articles, one of them hostile (``<script>``,
  ``<img onerror>``, ``javascript:`` links in its title, text and URL).
* "Lowtide reissue": a single article.

Records are written directly with the store's writers, as the stages would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..records import (
    Article,
    ArticleNews,
    Citation,
    Claim,
    Conflict,
    Digest,
    DigestSentence,
    Episode,
    KeyEvent,
    Passage,
    Quote,
    ReuseCluster,
    ReuseMember,
    Source,
    Speaker,
    Statement,
    StatementFragment,
    Story,
    WordingDifference,
    stable_hash,
)
from ..store import Store

WIRE = ("Quill rose to fame with the 2016 album Lowtide, which spent eleven weeks at the top of "
        "the charts. The couple welcomed their daughter Juniper in 2021 and their son Ansel in "
        "2023, and have lived in Port Alder since 2019.")
WIRE_B = WIRE.replace("welcomed their daughter Juniper in 2021 and their son",
                      "welcomed daughter Juniper in 2021 and son")
STATEMENT = ("We are over the moon and a little terrified, honestly. Juniper has already picked "
             "out a name for the baby.")

TEXT_A = (
    "Singer Mara Quill is expecting her third child with partner Tobias Wren, the couple "
    "announced on Monday.\n\n"
    "“We are over the moon and a little terrified, honestly. Juniper has already picked out a "
    "name for the baby,” Quill, 34, said in a statement to the Harbor Ledger.\n\n"
    "The Wren Harbor Festival headliner said the baby is due in late summer. " + WIRE + "\n\n"
    "A spokesperson for the singer said the spring tour dates would not change."
)
TEXT_B = (
    "Mara Quill and Tobias Wren are going to be parents again.\n\n"
    "The singer, who was born on June 2, 1990, told fans on Tuesday that she was “over the "
    "moon and a bit terrified, honestly,” adding that “Juniper has already picked out a "
    "name.”\n\n" + WIRE_B + "\n\n"
    "Wren, 36, said: “We feel very lucky, and very short on sleep already.”"
)
TEXT_C = (
    "Pop star Mara Quill, 31, is pregnant with baby number three.\n\n"
    "“We are over the moon,” Quill said, before joking that their daughter “has already "
    "picked out a name for the baby.”\n\n" + WIRE + "\n\n"
    "The Courier has contacted Wren for comment."
)
TEXT_D = (
    "Mara Quill and Tobias Wren have welcomed their third child, a son named Rowan, the singer "
    "announced on Thursday.\n\n"
    "“Rowan arrived a little early and perfectly loud. We are so grateful,” Quill, 34, wrote "
    "on social media.\n\n"
    "Quill first announced the pregnancy in March, telling the Harbor Ledger that the family "
    "was over the moon."
)
HOSTILE_TITLE = "<script>document.title='pwned'</script>Bridge update"
HOSTILE = (
    "The Port Alder bridge will stay closed until May, the council said on Friday.\n\n"
    "<script>window.__pwned = 1; document.title = 'pwned';</script>\n"
    "<img src=x onerror=\"window.__pwned = 2; document.title = 'pwned'\">\n"
    "Residents can <a href=\"javascript:window.__pwned=3\">click here</a> for detours "
    "or visit javascript:alert(document.cookie) for updates.\n\n"
    "“The <b>repairs</b> are overdue & necessary,” said council engineer Dana Okafor."
)
BRIDGE = (
    "Council engineer Dana Okafor said the Port Alder bridge would close for at least six "
    "weeks of repairs.\n\n"
    "“The repairs are overdue and necessary,” Okafor said on Thursday.\n\n"
    "Ferries will run every half hour while the bridge is closed."
)
REISSUE = (
    "Mara Quill's debut album Lowtide will be reissued on vinyl this autumn with four unreleased "
    "songs, her label said.\n\n"
    "“Those songs were always meant to be heard,” Quill said."
)

QUILL = Speaker("Mara Quill", "person", ("Quill", "Mara Quill", "she"), 0.92)
WREN = Speaker("Tobias Wren", "person", ("Wren",), 0.9)
OKAFOR = Speaker("Dana Okafor", "person", ("Okafor", "Dana Okafor"), 0.88)


@dataclass(frozen=True, slots=True)
class SampleIds:
    """Ids of the sample's records, for tests."""

    quill_story: str
    bridge_story: str
    reissue_story: str
    ledger: str
    lantern: str
    courier: str
    followup: str
    hostile: str
    bridge: str
    reissue: str
    statement: str


def _article(outlet: str, url: str | None, day: date, title: str, text: str, ext: str) -> Article:
    return Article(id=Article.make_id(outlet, url, text), outlet=outlet, url=url, published=day,
                   title=title, text=text, source=Source(f"sample/{ext}.txt"), external_id=ext)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _quote(article: Article, needle: str, speaker: Speaker, cue: str, *,
           statement_id: str | None = None, kind: str = "direct") -> Quote:
    start, end = _span(article.text, needle)
    after = end if cue in article.text[end:] else 0
    cue_start, cue_end = _span(article.text, cue, after)
    return Quote(article_id=article.id, start=start, end=end, text=needle, speaker=speaker,
                 kind=kind, cue=cue, cue_start=cue_start, cue_end=cue_end,  # type: ignore[arg-type]
                 statement_id=statement_id)


def _claim(article: Article, evidence: str, subject: str, attribute: str, value: str,
           holds_at: date | None) -> Claim:
    start, end = _span(article.text, evidence)
    return Claim(article_id=article.id, subject=subject, attribute=attribute, value=value,
                 holds_at=holds_at, start=start, end=end, evidence=evidence,
                 id=stable_hash(article.id, subject, attribute, value, length=12))


def _member(article: Article, passage: str, score: float) -> ReuseMember:
    start, end = _span(article.text, passage)
    return ReuseMember(Passage(article.id, start, end, passage), score)


def sample_records() -> dict[str, object]:
    """The sample's articles and stage records (not yet stored)."""
    a = _article("Harbor Ledger", "https://harborledger.example/2025/03/quill-expecting",
                 date(2025, 3, 4), "Mara Quill is expecting her third child", TEXT_A, "ledger-0304")
    b = _article("Daily Lantern", "https://dailylantern.example/quill-wren-baby-three",
                 date(2025, 3, 5), "Mara Quill and Tobias Wren expecting baby number three",
                 TEXT_B, "lantern-0305")
    c = _article("Northgate Courier", "https://northgatecourier.example/news/quill-pregnant",
                 date(2025, 3, 6), "Pop star Mara Quill pregnant with third child", TEXT_C,
                 "courier-0306")
    d = _article("Harbor Ledger", "https://harborledger.example/2025/08/quill-rowan",
                 date(2025, 8, 28), "Mara Quill and Tobias Wren welcome son Rowan", TEXT_D,
                 "ledger-0828")
    hostile = _article("Bayside Bulletin", "javascript:alert('url')", date(2025, 4, 11),
                       HOSTILE_TITLE, HOSTILE, "bulletin-0411")
    bridge = _article("Northgate Courier", "https://northgatecourier.example/bridge",
                      date(2025, 4, 10), "Port Alder bridge to close for repairs", BRIDGE,
                      "courier-0410")
    reissue = _article("Daily Lantern", "https://dailylantern.example/lowtide-vinyl",
                       date(2025, 6, 1), "Lowtide reissue brings four unreleased songs", REISSUE,
                       "lantern-0601")

    sid = stable_hash("statement", "Mara Quill", STATEMENT, length=12)
    q_a = _quote(a, STATEMENT[:-1], QUILL, "said in a statement", statement_id=sid)
    q_b1 = _quote(b, "over the moon and a bit terrified, honestly,", QUILL, "adding",
                  statement_id=sid, kind="partial")
    q_b2 = _quote(b, "Juniper has already picked out a name.", QUILL, "adding", statement_id=sid,
                  kind="partial")
    q_b3 = _quote(b, "We feel very lucky, and very short on sleep already.", WREN, "said")
    q_c1 = _quote(c, "We are over the moon,", QUILL, "Quill said", statement_id=sid)
    q_c2 = _quote(c, "has already picked out a name for the baby.", QUILL, "Quill said",
                  statement_id=sid, kind="partial")
    q_d = _quote(d, "Rowan arrived a little early and perfectly loud. We are so grateful,",
                 QUILL, "wrote on social media")
    q_h = _quote(hostile, "The <b>repairs</b> are overdue & necessary,", OKAFOR, "said")
    q_br = _quote(bridge, "The repairs are overdue and necessary,", OKAFOR, "Okafor said")
    q_re = _quote(reissue, "Those songs were always meant to be heard,", QUILL, "Quill said")
    quotes = [q_a, q_b1, q_b2, q_b3, q_c1, q_c2, q_d, q_h, q_br, q_re]

    def frag(q: Quote, statement_part: str) -> StatementFragment:
        s0 = STATEMENT.index(statement_part)
        return StatementFragment(q.article_id, q.start, q.end, s0, s0 + len(statement_part))

    b_diff_start = b.text.index("a bit terrified")
    statement = Statement(
        id=sid, text=STATEMENT, speaker=QUILL,
        fragments=(
            frag(q_a, STATEMENT[:-1]),
            frag(q_b1, "over the moon and a little terrified, honestly"),
            frag(q_b2, "Juniper has already picked out a name"),
            frag(q_c1, "We are over the moon"),
            frag(q_c2, "has already picked out a name for the baby."),
        ),
        differences=(WordingDifference(b.id, b_diff_start, b_diff_start + 5, "a bit",
                                       "a little"),),
        first_article_id=a.id,
    )

    cluster = ReuseCluster(
        id=stable_hash("cluster", WIRE, length=12),
        members=(_member(a, WIRE, 1.0), _member(b, WIRE_B, 0.93), _member(c, WIRE, 1.0)),
        origin=a.id, origin_status="earliest",
    )

    c_age_a = _claim(a, "Quill, 34", "Mara Quill", "age", "34", date(2025, 3, 4))
    c_born = _claim(b, "born on June 2, 1990", "Mara Quill", "born", "1990-06-02",
                    date(1990, 6, 2))
    c_age_c = _claim(c, "Mara Quill, 31", "Mara Quill", "age", "31", date(2025, 3, 6))
    c_age_d = _claim(d, "Quill, 34", "Mara Quill", "age", "34", date(2025, 8, 28))
    claims = [
        c_age_a, c_born, c_age_c, c_age_d,
        _claim(a, "expecting her third child", "Mara Quill", "expecting", "third child",
               date(2025, 3, 4)),
        _claim(a, "partner Tobias Wren", "Mara Quill", "partner_of", "Tobias Wren",
               date(2025, 3, 4)),
        _claim(b, "Wren, 36", "Tobias Wren", "age", "36", date(2025, 3, 5)),
        _claim(d, "a son named Rowan", "Mara Quill", "parent_of", "Rowan", date(2025, 8, 28)),
    ]
    conflicts = [
        Conflict("contradiction", c_age_a, c_age_c,
                 "34 on 4 Mar 2025 means born 5 Mar 1990 – 4 Mar 1991; 31 on 6 Mar 2025 means "
                 "born 7 Mar 1993 – 6 Mar 1994: the ranges do not overlap"),
        Conflict("stale", c_age_d, c_born,
                 "born 2 Jun 1990 makes her 35 on 28 Aug 2025, not 34: the age looks carried "
                 "over from the March coverage"),
    ]

    quill_story = Story(
        id=stable_hash("story", "quill-third-child", length=12),
        title="Mara Quill is expecting her third child",
        article_ids=(a.id, b.id, c.id, d.id), first=date(2025, 3, 4), last=date(2025, 8, 28),
        people=("Mara Quill", "Tobias Wren"),
        outlets=("Harbor Ledger", "Daily Lantern", "Northgate Courier"),
        episodes=(Episode(0, (a.id, b.id, c.id), date(2025, 3, 4), date(2025, 3, 6)),
                  Episode(1, (d.id,), date(2025, 8, 28), date(2025, 8, 28))),
        cluster_ids=(cluster.id,), statement_ids=(sid,),
        claim_ids=tuple(cl.id for cl in claims),
    )
    bridge_story = Story(
        id=stable_hash("story", "bridge", length=12), title="Port Alder bridge closed for repairs",
        article_ids=(bridge.id, hostile.id), first=date(2025, 4, 10), last=date(2025, 4, 11),
        people=("Dana Okafor",), outlets=("Northgate Courier", "Bayside Bulletin"),
        episodes=(Episode(0, (bridge.id, hostile.id), date(2025, 4, 10), date(2025, 4, 11)),),
    )
    reissue_story = Story(
        id=stable_hash("story", "reissue", length=12), title="Lowtide reissue",
        article_ids=(reissue.id,), first=date(2025, 6, 1), last=date(2025, 6, 1),
        people=("Mara Quill",), outlets=("Daily Lantern",),
        episodes=(Episode(0, (reissue.id,), date(2025, 6, 1), date(2025, 6, 1)),),
    )

    s0, s1 = _span(a.text, "Singer Mara Quill is expecting her third child with partner Tobias "
                           "Wren, the couple announced on Monday.")
    r0, r1 = _span(d.text, "Mara Quill and Tobias Wren have welcomed their third child, a son "
                           "named Rowan, the singer announced on Thursday.")
    digest = Digest(
        story_id=quill_story.id,
        summary=(
            DigestSentence(a.text[s0:s1], a.id, s0, s1,
                           (Citation(a.id, a.outlet, s0, s1), Citation(b.id, b.outlet, 0, 56)),
                           date=date(2025, 3, 4), score=0.9),
            DigestSentence(d.text[r0:r1], d.id, r0, r1, (Citation(d.id, d.outlet, r0, r1),),
                           date=date(2025, 8, 28), score=0.8),
        ),
        whats_new=(ArticleNews(d.id, (DigestSentence(d.text[r0:r1], d.id, r0, r1),), 1),),
        events=(
            KeyEvent(date(2025, 3, 3), "Mara Quill and Tobias Wren announce a third child",
                     (Citation(a.id, a.outlet, s0, s1),), "expecting"),
            KeyEvent(date(2025, 8, 28), "Son Rowan is born", (Citation(d.id, d.outlet, r0, r1),),
                     "born"),
        ),
    )
    return {
        "articles": [a, b, c, d, hostile, bridge, reissue], "quotes": quotes,
        "statements": [statement], "clusters": [cluster], "claims": claims,
        "conflicts": conflicts, "stories": [quill_story, bridge_story, reissue_story],
        "digests": [digest],
        "ids": SampleIds(quill_story.id, bridge_story.id, reissue_story.id, a.id, b.id, c.id,
                         d.id, hostile.id, bridge.id, reissue.id, sid),
    }


def write_sample_store(path: str | Path) -> SampleIds:
    """Create (or refill) the store at ``path`` with the sample stories; returns their ids."""
    records = sample_records()
    articles: list[Article] = records["articles"]  # type: ignore[assignment]
    with Store.open(path) as store:
        store.ingest_file("sample", articles)
        ids = [a.id for a in articles]
        with store.atomic() as con:
            store.replace_quotes(con, ids, records["quotes"])  # type: ignore[arg-type]
            store.replace_statements(con, records["statements"], [])  # type: ignore[arg-type]
            store.replace_clusters(con, records["clusters"])  # type: ignore[arg-type]
            store.replace_claims(con, ids, records["claims"])  # type: ignore[arg-type]
            store.replace_conflicts(con, records["conflicts"])  # type: ignore[arg-type]
            store.replace_stories(con, records["stories"])  # type: ignore[arg-type]
            store.replace_digests(con, records["digests"])  # type: ignore[arg-type]
    return records["ids"]  # type: ignore[return-value]
