"""Within-article person resolution: who is who in one article's text.

Shared by the quotes stage (speaker attribution) and the facts stage (claim subjects).

Usage::

    from storytrace.people import find_people

    people = find_people(article.text)          # optional: find_people(text, doc=spacy_doc)
    people.canonical("Cannon")                  # -> "Nick Cannon"
    people.canonical("Scott")                   # -> "Alyssa Scott" (never "Zen Scott Cannon")
    people.person_at(start, end)                # the Person mentioned at that span, or None
    people.resolve_pronoun(pos, "she")          # the most recent earlier female person

What it finds
-------------
* **Full names**: runs of capitalised tokens (``Abby De La Rosa``, ``LaNisha Cole``) that look
  like a person: the first token is a known first name (a small built-in list, including the
  fictional names of our tests), or the run is followed by an age (``Cannon, 42,``) or a speech
  verb, preceded by a title (``Sen.``, ``President``) or a family/role word (``son``,
  ``ex-wife``), or spaCy's NER (when a ``doc`` is given) labels it PERSON. Names are taken from
  capitalised-token patterns *and* NER because NER alone mislabels names in lists ("Zion and
  Zillion" came back as places, "Cannon" as an organisation).
* **Single names**: a capitalised token equal to the last token (``kind="surname"``) or first
  token (``kind="first"``) of a full name found anywhere in the article resolves to that person.
  When several full names share the token, the person introduced first wins, so ``Cannon`` is
  Nick Cannon, not Zen Scott Cannon (a token *inside* a longer name is never a separate mention).
  A lone single name with evidence (``son Zen``, ``Zion and Zillion`` next to a person,
  ``Zeela said``) becomes a person of its own.
* **Pronouns** (``he``, ``she``, ``his``, ``her`` ...) are recorded as ``kind="pronoun"``
  mentions with ``person=None``; call :meth:`People.resolve_pronoun` to resolve one (gender and
  recency). **Roles** (``a source``, ``the spokesperson``) are ``kind="role"`` mentions with
  ``person=None``.
* **Gender** of a person comes from family/role words next to a mention (``son``, ``mother``,
  ``ex-wife``), the built-in first-name list, then a vote of the pronouns that follow a mention
  in the same sentence.

Everything is linear-time scanning (no backtracking regexes); ``doc`` is optional and only adds
names. The public API is stable: ``Mention``, ``Person``, ``People``, ``find_people``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    import spacy.tokens

MentionKind = Literal["name", "surname", "first", "pronoun", "role"]
Gender = Literal["m", "f"]

__all__ = ["Mention", "Person", "People", "find_people", "pronoun_gender", "sentence_spans"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person in the text (``text == article_text[start:end]``)."""

    start: int
    end: int
    text: str
    person: str | None
    """Canonical name of the person (``None`` for pronouns and roles: resolve them on demand)."""
    kind: MentionKind


@dataclass(frozen=True, slots=True)
class Person:
    """A person of one article: canonical (longest) full name, gender, and every mention."""

    name: str
    gender: Gender | None
    mentions: tuple[Mention, ...]


# --------------------------------------------------------------------------------------------
# word lists

_MALE = """
aaron adam adrian ahmed alan albert alex alexander ali andrew andy anthony antonio arthur ben
benjamin bernie bill billy bob bobby brad brandon brett brian bruce carl carlos charles charlie
chris christopher chuck colin craig dan daniel danny dave david dennis derek dick don donald
doug douglas drew dwayne ed eddie edward elon eric evan frank fred gary gavin george gerald
glenn gordon greg gregory harry henry howard hugh hunter ian isaac jack jacob jake james jamie
jared jason jay jeff jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jordan
jose joseph josh joshua juan justin keith ken kenneth kevin kyle larry lee leo liam louis luis
luke marco marcus mark martin matt matthew max michael miguel mike mitch mitt mohammed nathan
neil nick nicholas noah oliver omar oscar owen patrick paul pete peter phil philip ralph randy
ray raymond richard rick rob robert roger ron ronald ross roy russell ryan sam samuel scott sean
seth simon stephen steve steven stuart ted terry thomas tim timothy todd tom tommy tony travis
trevor troy tyler victor vincent walter wayne william zach zachary kanye jay-z drake
barack vladimir xi emmanuel narendra olaf rishi boris keir justin volodymyr recep benjamin
zion zillion zen
tomas piet anton dmitri hamish rafael bruno ezra felix gideon hector ivan jasper kofi lars
milo nils orrin quentin rufus silas teodor ulric viktor wendell xavier yannick zeke
dorian ambrose caspian leopold marius osric percival thaddeus
"""

_FEMALE = """
abby abigail adele alexandra alice alicia alison alyssa amanda amber amy andrea angela anna
anne annie ashley barbara beatrice becky beth betty beverly bre brenda brittany brooke caitlin
carla carol caroline carrie catherine charlotte cheryl chloe christina christine claire
courtney cynthia daisy dana danielle deborah debra denise diana diane donna dorothy elena
elizabeth ella ellen emily emma erica erin eva evelyn fiona frances gabrielle gail grace
hannah heather helen hillary holly isabel isabella jackie jacqueline jane janet jennifer
jenny jessica jill joan joanna jodie judith judy julia julie karen kate katherine kathleen
kathy katie kelly kim kimberly kristen kylie lanisha laura lauren leah linda lisa liz lori
louise lucy lydia madonna mandy margaret maria mariah marie marilyn martha mary megan melania
melissa michelle monica monroe nancy natalie nicole nina olivia pamela patricia paula
rachel rebecca rihanna rita rosa rose ruth sally samantha sandra sara sarah sharon shirley
sophia sophie stephanie susan suzanne tamara taylor teresa theresa tiffany tina tracy
valerie vanessa victoria virginia wendy whitney zoe kamala nancy ursula giorgia liz theresa
zeela
marta ingrid astrid beatrix celeste delphine esme freya greta hedda imogen juno kalinda
leonie mirela noor ottilie priya quinn rosalind saoirse tova una vesna wilhelmina yara zora
odile lucinda maren petra sunniva
"""

FIRST_NAMES: dict[str, Gender] = {w: "f" for w in _FEMALE.split()}
FIRST_NAMES.update({w: "m" for w in _MALE.split()})
# names listed in both (e.g. "monroe") keep the later (male) entry only when truly ambiguous:
for _n in ("monroe",):
    FIRST_NAMES.pop(_n, None)

_ROLE_GENDER: dict[str, Gender | None] = {
    "son": "m", "sons": None, "daughter": "f", "daughters": None, "mother": "f", "mom": "f",
    "mum": "f", "father": "m", "dad": "m", "wife": "f", "ex-wife": "f", "husband": "m",
    "ex-husband": "m", "brother": "m", "sister": "f", "boyfriend": "m", "girlfriend": "f",
    "fiance": "m", "fiancé": "m", "fiancee": "f", "fiancée": "f", "grandmother": "f",
    "grandfather": "m", "uncle": "m", "aunt": "f", "nephew": "m", "niece": "f", "actor": None,
    "actress": "f", "singer": None, "rapper": None, "model": None, "host": None, "star": None,
    "twins": None, "children": None, "child": None, "baby": None, "partner": None,
    "girl": "f", "boy": "m", "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f",
    "ms.": "f", "miss": "f", "sir": "m", "lady": "f", "lord": "m", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "congressman": "m", "congresswoman": "f",
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
    "councilman": "m", "councilwoman": "f", "assemblyman": "m", "assemblywoman": "f",
    "businessman": "m", "businesswoman": "f", "fisherman": "m", "widow": "f", "widower": "m",
}

_TITLES = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof",
    "president", "senator", "representative", "governor", "minister", "secretary", "mayor",
    "judge", "justice", "chancellor", "premier", "speaker", "leader", "chairman", "chairwoman",
    "chair", "ceo", "director", "commissioner", "ambassador", "sheriff", "officer", "detective",
    "coach", "pastor", "rev", "father", "sister", "pope", "king", "queen", "prince", "princess",
    "sir", "dame", "lord", "lady", "spokesman", "spokeswoman", "spokesperson", "congressman",
    "congresswoman", "lawmaker", "rapper", "singer", "actor", "actress", "model", "host",
    "councillor", "councilor", "councilman", "councilwoman", "alderman", "mp", "deputy",
    "inspector", "constable", "superintendent", "chef", "economist", "professor",
    "farmer", "baker", "fisherman", "teacher", "nurse", "doctor", "driver", "novelist", "author",
    "writer", "poet", "painter", "artist", "musician", "producer", "founder",
    "strategist", "analyst", "organiser", "organizer", "activist", "campaigner", "pilot",
    "firefighter", "captain", "manager", "owner", "shopkeeper", "student", "resident", "veteran",
    "councilmember", "assemblyman", "assemblywoman", "delegate", "envoy", "treasurer",
    "coxswain", "skipper", "commander", "passenger", "evacuee",
    "sergeant", "lieutenant", "corporal", "private", "major", "colonel",
    "general", "admiral", "bishop", "archbishop", "rabbi", "imam", "reverend", "star",
    "comedian", "attorney", "lawyer", "candidate", "chief", "aide", "adviser", "advisor",
}

SPEECH_VERBS = frozenset("""
said says say told tells wrote writes added adds explained explains continued continues
concluded concludes shared shares revealed reveals captioned captions noted notes insisted
insists argued argues asked asks answered answers replied replies claimed claims stated states
declared declares admitted admits recalled recalls described describes tweeted tweets posted
posts announced announces warned warns confirmed confirms joked jokes quipped quips
acknowledged acknowledges urged urges responded responds remarked remarks added opened
penned pens gushed gushes wrote shouted yelled whispered agreed agrees countered counters
suggested suggests predicted predicts promised promises vowed vows mused muses cautioned
""".split())

INVERSION_VERBS = frozenset("""
said says added adds continued continues explained explains wrote writes noted notes insisted
insists recalled recalls replied replies answered answers warned warns according argued argues
declared declares admitted admits shouted muttered whispered stated states asked asks
""".split())
"""Verbs that may come before their subject: ``"…," said Harriet Crane``."""

_NOT_NAME = frozenset("""
the a an and or but if in on at to of for from by with as this that these those it its he she
they we i you his her their our my your him them us me who what when where why how which there
here then now today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
after before during while although though since until unless because so yet also just only
over under about above below between into through across against among around without within
one two three four five six seven eight nine ten first second third last next new old
mr mrs ms dr sen rep gov president senator minister secretary mayor governor
god earth heaven christmas thanksgiving easter instagram twitter facebook tiktok youtube
snapchat reddit threads whatsapp telegram google apple amazon netflix story stories show
hollywood america american americans english british london paris texas california
republican republicans democrat democrats democratic gop congress senate house parliament
government court police army navy administration white west east north south
according despite however meanwhile still even many most some all every each both such no
not yes oh wow please thanks thank love dear hi hello happy merry good great little big
mentally spiritually physically heart soul man son daughter mother father mom dad baby
source sources insider report reports news press times post journal daily weekly magazine
clinic hospital university college school institute foundation center centre company inc
ltd corp group party committee department ministry agency council office team club church
et tmz cnn bbc nbc abc cbs fox msnbc ap afp reuters pbs npr
""".split())

_ORG_WORDS = frozenset("""
clinic hospital university college school institute foundation center centre company inc
ltd corp corporation group party committee department ministry agency council office team
club church association bank court news times post journal magazine network studios records
show league union bureau commission board service services studies research affairs relations
sciences policy register tribune herald gazette ledger courier chronicle observer
""".split())

_PRONOUNS: dict[str, Gender | None] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": None, "them": None, "their": None, "themselves": None,
}

_ROLE_NOUNS = frozenset("""
source sources insider insiders spokesperson spokesman spokeswoman representative rep
friend pal aide adviser advisor official officials witness relative man woman resident
protester voter neighbour neighbor onlooker bystander passenger employee person diplomat
manager fisherman farmer worker teacher nurse doctor driver owner shopkeeper student parent
analyst expert lawyer attorney organiser organizer activist veteran officer investigator
engineer scientist researcher staffer insider associate confidant executive family
relatives lawyers spokespeople
""".split())

_TITLE_MODIFIERS = frozenset("""
majority minority deputy vice prime foreign defence defense interior finance health justice
group station watch area district divisional detective chief
attorney general chief executive state house senate former acting interim assistant associate
senior junior labour labor republican democratic democrat conservative liberal green opposition
party union club team county city town regional federal national harbour harbor police fire
""".split())

_PLACE_TAILS = frozenset("""
bay street st road avenue river county city island bridge park lake valley hill hills mountain
mountains coast point port harbour harbor square hall station airport beach falls crossing
heights highlands province district region shire state kingdom republic
""".split())

_BARE_ROLES = frozenset({"officials", "sources", "witnesses", "residents", "police",
                         "investigators", "prosecutors", "authorities", "insiders", "aides"})
_PRONOUN_OR_ROLE = frozenset(_PRONOUNS) | _ROLE_NOUNS | _BARE_ROLES

_ROLE_STOP = frozenset("""
and or but of to in on at for with by from as that which who whom after before while when if
is was were are be been has have had not no
""".split())

_DETS = frozenset({"a", "an", "the", "one", "another", "two", "three", "several", "some"})

_MONTH_NAMES = frozenset({"april", "may", "june", "august"})  # also first names: June Abernathy

_CONNECTORS = frozenset({"de", "la", "le", "van", "von", "der", "den", "du", "del", "da",
                         "di", "bin", "al", "st.", "mc", "mac", "y", "dos", "das"})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

# a word: letters (any script), digits, apostrophes and hyphens inside; linear, no nesting
_WORD = re.compile(r"[^\W_](?:[\w\-'’.]*[^\W_])?", re.UNICODE)
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\b")
_DIGIT = re.compile(r"\d")
_ROLE_AFTER = re.compile(r"[\s,—–-]+(?:who is |who's )?(?:also |the )?(?:a )?"
                         r"(mother|father|wife|husband|son|daughter)\b")


_JOB_SUFFIXES = ("er", "or", "ee", "ist", "ian", "ant", "ent", "man", "woman")


def _job_like(low: str) -> bool:
    """A capitalised job word before a name ("Incident Commander", "Evacuee", "Passenger"):
    not a known first name and shaped like an agent noun."""
    return low not in FIRST_NAMES and len(low) > 4 and low.endswith(_JOB_SUFFIXES) or \
        low in _TITLES


def pronoun_gender(word: str) -> Gender | None:
    """Gender of a third-person pronoun (``None`` for they/them or a non-pronoun)."""
    return _PRONOUNS.get(word.lower())


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "lt",
                            "gen", "col", "sgt", "capt", "prof", "rev", "no", "vs", "mt", "ft",
                            "maj", "cpl", "pvt", "adm", "supt", "insp", "det", "hon", "messrs"})


def _abbreviation_before(text: str, dot: int) -> bool:
    """Is the ``.`` at ``dot`` the end of a title abbreviation or an initial?"""
    k = dot
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    word = text[k:dot]
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence boundaries (end punctuation followed by a capital, or a line break)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group(0) == "." and _abbreviation_before(text, m.start()):
            continue  # "Mr. Biden", "Sen. Warren", "J. Smith"
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        if end > start:
            spans.append((start, end))
        start = m.end()
        while start < len(text) and text[start] in " \t":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# --------------------------------------------------------------------------------------------
# the People index


@dataclass(frozen=True)
class People:
    """The persons of one text and every mention, sorted by position."""

    persons: tuple[Person, ...]
    mentions: tuple[Mention, ...]
    """All mentions (names, single names, pronouns, roles), sorted by ``start``."""
    _by_name: dict[str, Person] = field(default_factory=dict, repr=False, compare=False)
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_name:
            object.__setattr__(self, "_by_name", {p.name: p for p in self.persons})
        if not self._starts:
            object.__setattr__(self, "_starts", tuple(m.start for m in self.mentions))

    def get(self, name: str) -> Person | None:
        """The person with this canonical name."""
        return self._by_name.get(name)

    def canonical(self, surface: str) -> str | None:
        """The canonical full name a surface form refers to in this text, or ``None``.

        ``"Cannon"`` -> ``"Nick Cannon"``, ``"Scott"`` -> ``"Alyssa Scott"``,
        ``"Alyssa Scott's"`` -> ``"Alyssa Scott"``; a surname shared by several persons goes to
        the one introduced first.
        """
        s = _clean_surface(surface)
        if not s:
            return None
        if s in self._by_name:
            return s
        low = s.lower()
        for p in self.persons:
            if p.name.lower() == low:
                return p.name
        toks = s.split()
        for kind_index in (-1, 0):
            hits = [p for p in self.persons
                    if len(p.name.split()) > len(toks)
                    and [t.lower() for t in p.name.split()[kind_index:][:len(toks)]] == [
                        t.lower() for t in (toks if kind_index == 0 else toks[-1:])]
                    and (kind_index == 0 or len(toks) == 1)]
            if hits:
                return _first_introduced(hits).name
        # a mention recorded with this exact text
        for m in self.mentions:
            if m.person and m.text.lower() == low:
                return m.person
        return None

    def person_at(self, start: int, end: int) -> Person | None:
        """The person of the name mention overlapping ``[start, end)``, or ``None``."""
        i = bisect_right(self._starts, end) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end > start and m.start < end and m.person:
                return self._by_name.get(m.person)
            if m.end <= start and m.start < start - 200:
                break
            i -= 1
        return None

    def mentions_between(self, start: int, end: int) -> tuple[Mention, ...]:
        """Mentions that start inside ``[start, end)``."""
        lo = bisect_left(self._starts, start)
        hi = bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    def resolve_pronoun(self, pronoun_start: int, pronoun: str, *,
                        skip: tuple[tuple[int, int], ...] = ()) -> Person | None:
        """The person a pronoun at ``pronoun_start`` refers to: the most recent earlier name
        mention whose person has the pronoun's gender (persons of unknown gender are used only
        when no person of that gender is mentioned before). Mentions inside ``skip`` spans
        (e.g. other quotations) are ignored.
        """
        gender = pronoun_gender(pronoun)
        i = bisect_left(self._starts, pronoun_start) - 1
        fallback: Person | None = None
        while i >= 0:
            m = self.mentions[i]
            i -= 1
            if not m.person or any(a <= m.start < b for a, b in skip):
                continue
            p = self._by_name.get(m.person)
            if p is None:
                continue
            if gender is None or p.gender == gender:
                return p
            if p.gender is None and fallback is None:
                fallback = p
        return fallback


def _first_introduced(persons: list[Person]) -> Person:
    return min(persons, key=lambda p: (p.mentions[0].start if p.mentions else 1 << 60,
                                       -len(p.mentions)))


def _clean_surface(surface: str) -> str:
    s = " ".join(surface.split())
    for suffix in ("’s", "'s", "’", "'"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    return s.strip(" ,.;:")


# --------------------------------------------------------------------------------------------
# finding people


class _Tok(tuple):
    """A word token: ``start``, ``end``, ``text`` (possessive stripped), ``low``, ``cap``,
    ``sent_initial``. A tuple subclass: built once per word, so it must be cheap."""

    __slots__ = ()
    start = property(itemgetter(0))
    end = property(itemgetter(1))
    text = property(itemgetter(2))
    low = property(itemgetter(3))
    cap = property(itemgetter(4))
    sent_initial = property(itemgetter(5))


def _tokens(text: str, sents: list[tuple[int, int]] | None = None) -> list[_Tok]:
    """The word tokens of ``text`` (``sents``: its :func:`sentence_spans`, computed when not
    given). The hot loop of :func:`find_people`: kept to a few operations per token."""
    toks: list[_Tok] = []
    append = toks.append
    sent_starts = {s for s, _ in (sents if sents is not None else sentence_spans(text))}
    low_text = text.lower()
    if len(low_text) != len(text):  # a few characters change length when lower-cased
        low_text = ""
    prev_end = 0
    new = tuple.__new__
    first = True
    for s, e in [m.span() for m in _WORD.finditer(text)]:  # faster than spans in the loop
        end = e
        w = text[s:e]
        if len(w) > 2 and w[-2:] in _POSS2:  # strip a possessive: Cannon's -> Cannon
            w = w[:-2]
            e -= 2
        if s - prev_end == 1 and text[prev_end] == " " and s not in sent_starts:
            initial = False
        else:
            between = text[prev_end:s]
            initial = (s in sent_starts or first or "\n" in between
                       or any(c in between for c in "!?:“\"‘")
                       and not between.strip().startswith(","))
        first = False
        append(new(_Tok, (s, e, w, low_text[s:e] if low_text else w.lower(), w[0].isupper(),
                          initial)))
        prev_end = end
    return toks


_POSS2 = frozenset({"’s", "'s"})


def _is_name_token(t: _Tok) -> bool:
    if not t.cap or t.low in _NOT_NAME or t.low in _PRONOUNS:
        return False
    if t.text.isupper() and len(t.text) > 1 and t.low not in FIRST_NAMES:
        return False  # acronyms, shouting ("MIRACLE")
    return _DIGIT.search(t.text) is None


def find_people(text: str, doc: spacy.tokens.Doc | None = None) -> People:
    """All persons and mentions of one text (``doc``: an optional spaCy doc of the same text,
    whose PERSON entities are added to the capitalised-token candidates)."""
    sents = sentence_spans(text)
    toks = _tokens(text, sents)
    n = len(toks)
    ner_person_starts: set[int] = set()
    if doc is not None:
        for ent in getattr(doc, "ents", ()):
            if ent.label_ == "PERSON":
                ner_person_starts.add(ent.start_char)

    # 1. runs of capitalised name tokens (connectors allowed inside)
    runs: list[tuple[int, int]] = []  # token index range [i, j)
    caps = [t[4] for t in toks]
    cap_index = [k for k in range(n) if caps[k]]
    i = 0
    while i < n:
        if not caps[i]:  # every way into a run starts with a capitalised token
            i += 1
            continue
        t = toks[i]
        month_name = (t.low in _MONTH_NAMES and t.cap and i + 1 < n and _is_name_token(toks[i + 1])
                      and text[t.end:toks[i + 1].start] == " ")
        if _is_name_token(t) or month_name or (
                t.cap and t.low in FIRST_NAMES and t.low not in _NOT_NAME):
            j = i + 1
            while j < n:
                nt = toks[j]
                gap = text[toks[j - 1].end:nt.start]
                if gap.strip() not in ("", "-") or "\n" in gap:
                    break
                if nt.low in SPEECH_VERBS:
                    break  # title case: "Alyssa Scott Shares Emotional Tribute"
                if _is_name_token(nt) or nt.low in _SUFFIXES and nt.cap:
                    j += 1
                    continue
                if (nt.low in _CONNECTORS and j + 1 < n and _is_name_token(toks[j + 1])
                        and text[nt.end:toks[j + 1].start].strip() == ""):
                    j += 2
                    continue
                break
            runs.append((i, j))
            i = j
        else:
            i += 1

    # capitalised tokens used alone (not inside a run of capitalised tokens)
    single_count: Counter[str] = Counter()
    for k in cap_index:
        t = toks[k]
        if (k == 0 or not toks[k - 1].cap or toks[k - 1].sent_initial is False
                      and t.sent_initial) and (k + 1 >= n or not toks[k + 1].cap):
            single_count[t.text] += 1

    def prev_word(k: int) -> str:
        if k <= 0 or toks[k].sent_initial:
            return ""
        return toks[k - 1].low.rstrip(".")

    def evidence(i: int, j: int) -> bool:
        first = toks[i]
        if first.low in FIRST_NAMES or j in has_title:
            return True
        if first.start in ner_person_starts:
            return True
        if prev_word(i) in _TITLES or prev_word(i) in _ROLE_GENDER:
            return True
        after = text[toks[j - 1].end: toks[j - 1].end + 8]
        if _AGE_AFTER.match(after):
            return True
        if j < n and toks[j].low in SPEECH_VERBS and text[toks[j - 1].end:toks[j].start].strip(
                ) in ("", ","):
            return True
        # "said Harriet Crane", "said baker Florian Achterberg"
        for back in (1, 2):
            if i - back >= 0 and toks[i - back].low in INVERSION_VERBS and all(
                    toks[x].low not in _DETS for x in range(i - back + 1, i)) and all(
                    not toks[x].cap for x in range(i - back + 1, i)) and \
                    text[toks[i - back].end:first.start].count(",") == 0:
                return True
        last = toks[j - 1].low
        if last in _PLACE_TAILS or last in _NOT_NAME:
            return False
        # "Harriet Crane, a strategist" (an appositive), "Ivo Brennan, who had been stranded"
        if j + 1 < n and text[toks[j - 1].end:toks[j].start].strip() == "," and (
                toks[j].low in ("a", "an", "the") and not toks[j + 1].cap
                or toks[j].low in ("who", "whose")):
            return True
        # the surname is used on its own elsewhere: "Perpetua Lindqvist ... Lindqvist said"
        if j - i >= 2 and single_count.get(toks[j - 1].text, 0) >= 1:
            return True
        return False

    # a leading title ("Councillor Esme Dalgard", "President Anton Reyes") is not part of the name
    titled_runs: list[tuple[int, int]] = []
    has_title: set[int] = set()  # runs that lost a leading title: "Group Manager Tobias Hethering"
    for i, j in runs:
        while j - i >= 2 and (toks[i].low.rstrip(".") in _TITLES
                              or toks[i].low in _TITLE_MODIFIERS
                              or j - i >= 3 and _job_like(toks[i].low)):
            if toks[i].low.rstrip(".") in _TITLES or _job_like(toks[i].low):
                has_title.add(j)
            i += 1
        titled_runs.append((i, j))
    runs = titled_runs

    full: dict[str, list[tuple[int, int]]] = {}  # canonical -> char spans of full mentions
    singles: list[tuple[int, int]] = []  # runs of one token, decided later
    for i, j in runs:
        words = [toks[k].text for k in range(i, j)]
        if words and words[-1].lower() in _ORG_WORDS:
            continue
        if toks[i].sent_initial and j - i >= 2 and toks[i].low not in FIRST_NAMES:
            # "Over The ..." style noise: drop the sentence-initial token when not a name
            if not evidence(i, j) and toks[i + 1].low in FIRST_NAMES:
                i += 1
                words = words[1:]
        if j - i >= 2 and evidence(i, j):
            name = " ".join(text[toks[i].start:toks[j - 1].end].split())
            full.setdefault(name, []).append((toks[i].start, toks[j - 1].end))
        else:
            singles.extend((k, k + 1) for k in range(i, j))

    # 2. persons from full names; single tokens resolved by first/last token
    surname_of: dict[str, str] = {}
    first_of: dict[str, str] = {}
    order = sorted(full, key=lambda nm: full[nm][0][0])
    for nm in order:
        parts = [p for p in nm.split() if p.lower() not in _SUFFIXES]
        last, first = parts[-1].lower(), parts[0].lower()
        surname_of.setdefault(last, nm)
        first_of.setdefault(first, nm)

    mentions: list[Mention] = []
    for nm, spans in full.items():
        for s, e in spans:
            mentions.append(Mention(s, e, text[s:e], nm, "name"))

    single_persons: dict[str, list[tuple[int, int]]] = {}
    pending: list[int] = []
    for i, _ in singles:
        t = toks[i]
        if t.low in surname_of:
            mentions.append(Mention(t.start, t.end, t.text, surname_of[t.low], "surname"))
        elif t.low in first_of:
            mentions.append(Mention(t.start, t.end, t.text, first_of[t.low], "first"))
        else:
            pending.append(i)

    # lone single names with evidence (role word before, age after, speech verb after, NER)
    person_like = set()
    for i in pending:
        t = toks[i]
        if t.sent_initial and t.low not in FIRST_NAMES and t.start not in ner_person_starts:
            nxt = toks[i + 1].low if i + 1 < n else ""
            if nxt not in SPEECH_VERBS:
                continue
        if t.low in _ROLE_NOUNS or t.low in _TITLES or t.low.rstrip("s") in _ROLE_NOUNS or \
                t.low in _TITLE_MODIFIERS:
            continue  # "Officials said", "Police said": not a name
        pw = prev_word(i)
        if pw in ("of", "for", "the") and i >= 2 and (toks[i - 2].cap or pw == "the"):
            continue  # "Ministry of Transport said", "the Herald said": an organisation
        ev = (t.low in FIRST_NAMES or t.start in ner_person_starts or pw in _ROLE_GENDER
              or pw in _TITLES or _AGE_AFTER.match(text[t.end:t.end + 8]) is not None
              or (i + 1 < n and toks[i + 1].low in SPEECH_VERBS
                  and text[t.end:toks[i + 1].start].strip() in ("", ",")))
        if ev:
            person_like.add(i)
    # coordination: "Zion and Zillion", "Monroe and Moroccan" when one side is a person
    # (a worklist: the closure over "and" links in one pass, linear in a 2,000-name list)
    pending_set = set(pending)
    work = list(person_like)
    while work:
        j = work.pop()
        for k in (j - 2, j + 2):
            if k in pending_set and k not in person_like and 0 <= min(j, k) and \
                    max(j, k) < n and toks[min(j, k) + 1].low in ("and", "&"):
                person_like.add(k)
                work.append(k)
    for i in sorted(person_like):
        t = toks[i]
        single_persons.setdefault(t.text, []).append((t.start, t.end))
    # later repeats of a lone single name anywhere in the text
    for i in pending:
        t = toks[i]
        if i not in person_like and t.text in single_persons:
            single_persons[t.text].append((t.start, t.end))
    for nm, spans in single_persons.items():
        for s, e in spans:
            mentions.append(Mention(s, e, text[s:e], nm, "name"))

    # 3. pronouns and roles
    for k, t in enumerate(toks):
        if t[3] not in _PRONOUN_OR_ROLE:
            continue
        if t.low in _PRONOUNS:
            mentions.append(Mention(t.start, t.end, t.text, None, "pronoun"))
        elif t.low in _ROLE_NOUNS and k > 0:
            # "a source", "the county's emergency manager", "a senior aide", "a FEMA spokesman"
            b = k - 1
            while b >= 0 and k - b <= 3 and toks[b].low not in _DETS \
                    and toks[b].low not in _PRONOUNS and toks[b].low not in _ROLE_STOP \
                    and toks[b].low not in SPEECH_VERBS \
                    and text[toks[b].end:toks[b + 1].start] == " ":
                b -= 1
            if b >= 0 and (toks[b].low in _DETS or text[toks[b].end:toks[b].end + 2] in _POSS2
                           ) and "\n" not in text[toks[b].start:t.end]:
                s = toks[b].start
                mentions.append(Mention(s, t.end, text[s:t.end], None, "role"))
            elif t.low in _BARE_ROLES and not (t.cap and not t.sent_initial):
                mentions.append(Mention(t.start, t.end, t.text, None, "role"))
        elif t.low in _BARE_ROLES and not (t.cap and not t.sent_initial):
            # "Officials said", "police said": plural roles need no determiner
            mentions.append(Mention(t.start, t.end, t.text, None, "role"))

    mentions.sort(key=lambda m: (m.start, -m.end))

    # 4. gender
    names = list(full) + list(single_persons)
    votes: dict[str, Counter[str]] = {nm: Counter() for nm in names}
    strong: dict[str, Gender] = {}
    sent_ends = [e for _, e in sents]
    tok_starts = [t.start for t in toks]
    for idx, m in enumerate(mentions):
        if not m.person:
            continue
        k = bisect_left(tok_starts, m.start)
        pw = prev_word(k) if 0 < k < n else ""
        gap = text[toks[k - 1].end:m.start] if 0 < k < n else "."
        rg = _ROLE_GENDER.get(pw) if gap.strip() in ("", ",") and "\n" not in gap else None
        if rg:
            strong.setdefault(m.person, rg)
        # role word after: "Scott, mother of ..." / "Scott — who is also mother to"
        role_after = _ROLE_AFTER.match(text[m.end:m.end + 40].lower())
        if role_after:
            strong.setdefault(m.person, _ROLE_GENDER[role_after[1]])  # type: ignore[arg-type]
        # first following pronoun in the same sentence, with no other name in between
        si = bisect_left(sent_ends, m.end)
        send = sent_ends[si] if si < len(sent_ends) else len(text)
        for m2 in mentions[idx + 1: idx + 12]:
            if m2.start >= send:
                break
            if m2.person and m2.person != m.person:
                break
            if m2.kind == "pronoun":
                if m2.text.lower() in ("him", "her", "them"):
                    continue  # objects: usually someone else
                g = pronoun_gender(m2.text)
                if g:
                    votes[m.person][g] += 1
                break
    persons: list[Person] = []
    by_person: dict[str, list[Mention]] = {nm: [] for nm in names}
    for m in mentions:
        if m.person in by_person:
            by_person[m.person].append(m)
    for nm in names:
        first = nm.split()[0].lower()
        gender: Gender | None = strong.get(nm) or FIRST_NAMES.get(first)
        if gender is None and votes[nm]:
            (g, c), *rest = votes[nm].most_common()
            if not rest or rest[0][1] < c:
                gender = g  # type: ignore[assignment]
        persons.append(Person(nm, gender, tuple(by_person[nm])))
    persons.sort(key=lambda p: p.mentions[0].start if p.mentions else 0)
    return People(tuple(persons), tuple(mentions))
