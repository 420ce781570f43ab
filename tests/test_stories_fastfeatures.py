"""The compiled feature extractor (``stories/_fastfeatures.pyx``) gives exactly the pure-Python
``features.extract_pure``'s ``Features``: the same dict contents and order, the same floats bit
for bit, the same tuples; on random text built to hit every rule of the scanners, on the example
corpus, on generated articles and (when ../shared is there) on ECB+. The compiled scoring
(``stories/_fastscore.pyx``) gives the same floats as ``assign``'s pure cosines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.records import Article
from storytrace.stories import StoryOptions, features
from storytrace.stories import assign as assign_module

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "eval" / "ecbplus" / "docs.jsonl"
OPTIONS = StoryOptions()
STREAM = dict(max_words=OPTIONS.max_words, lead_sentences=OPTIONS.lead_sentences,
              lead_chars=OPTIONS.lead_chars, weekdays=OPTIONS.weekday_keys)

compiled = pytest.mark.skipif(features.extract_compiled is None,
                              reason="the compiled extractor is not built (no C compiler)")


def _plain(f: features.Features) -> tuple:
    """Everything a ``Features`` holds, order and float bits included."""
    return (type(f.words), type(f.entities),
            [(k, v.hex()) for k, v in f.words.items()],
            [(k, v.hex()) for k, v in f.entities.items()],
            f.spans, f.content_words)


def _same(title: str | None, text: str, **kw) -> None:
    pure = features.extract_pure(title, text, **kw)
    fast = features.extract_compiled(title, text, **kw)
    assert _plain(fast) == _plain(pure), (title, text, kw)
    assert fast == pure


def _compiler() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) or shutil.which("cc") or shutil.which("gcc")


def test_the_extension_is_built_where_a_compiler_is():
    """CI must not silently test only the fallback: with a C compiler the install builds it."""
    if _compiler() is None:
        pytest.skip("no C compiler on PATH: the pure-Python path is the one installed")
    assert features.extract_compiled is not None, (
        "a C compiler is on PATH but storytrace.stories._fastfeatures is not built: "
        "run pip install -e . (or python setup.py build_ext --inplace)")
    expected = "pure" if os.environ.get(features.PURE_ENV) == "1" else "compiled"
    assert features.extractor() == expected


@compiled
def test_the_switch_and_the_environment_variable():
    before = features.extractor()
    try:
        features.use_extractor("pure")
        assert features.extractor() == "pure"
        features.use_extractor("compiled")
        assert features.extractor() == "compiled"
        with pytest.raises(ValueError):
            features.use_extractor("rust")
    finally:
        features.use_extractor(before)
    code = "from storytrace.stories import features; print(features.extractor())"
    env = dict(os.environ, **{features.PURE_ENV: "1"})
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "pure"


# Pieces that hit the scanners' rules: capitals and spans with connectors, sentence-initial
# stop words, possessives and apostrophes (' and ’), hyphens, numbers with . and , (and
# Unicode digits: \d is any decimal digit, '²' is not one), weekdays and months, stop words,
# non-ASCII letters ('İ' and the Kelvin sign lowercase to ASCII; 'ß', final sigma), '_' (a word
# character for \b), blanks of every kind (str.split's white space: \x0b, \x1c, \u2028, ...).
_PIECES = [
    "Lindsay", "Lohan", "Tara Reid", "Leonardo da Vinci", "Ludwig van Beethoven", "Osama bin Laden",
    "Bank of America", "Al Jazeera", "Charles de Gaulle", "Jean-Luc", "O'Neil", "O’Brien",
    "McDonald's", "Reid’s", "Smiths'", "U.S.", "Dr.", "Mr", "Mrs.", "The", "A", "When", "But",
    "Monday", "Tuesday", "sunday", "Thursdays", "March", "may", "Sept", "december",
    "said", "the", "and", "of", "de", "van", "bin", "al", "der", "del", "da", "von",
    "earthquake", "earthquakes", "cities", "rehab", "it's", "don't", "rock-n-roll", "-x-", "a-",
    "6.1", "2013", "1,200", "3.", "90", "7", "1.2.3", "4,5,", "٣٤", "²", "12³", "x2", "2x",
    "İstanbul", "İ", "ıi", "K", "Kelvin", "Straße", "ΣΟΦΟΣ", "Σ", "Émile", "Zoë", "Ängel",
    "Москва", "東京", "_Under", "snake_Case", "iPhone", "eBay", "NASA", "ABC-News", "X", "Q",
]
_SEPARATORS = [" ", " ", " ", "  ", "\t", " \t ", "\n", "\n\n", "\r\n", ". ", "! ", "? ",
               ": ", "; ", ", ", "-", "—", "–", "'", "’", "\"", "“", "‘", "`", "(", ")", "",
               "\x0b", "\x1c", "\u2028", "\xa0", "\u3000", "_", "..."]


@st.composite
def _texts(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)),
                          max_size=60))
    out = []
    for part in parts:
        out.append(part)
        out.append(draw(st.sampled_from(_SEPARATORS)))
    if draw(st.booleans()):  # a Title Case line, masked before spans are read
        line = " ".join(draw(st.lists(st.sampled_from(_PIECES), min_size=4, max_size=9)))
        out.insert(draw(st.integers(0, len(out))), "\n" + line.title() + "\n")
    return "".join(out)


@compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(st.none(), st.just(""), _texts()), text=_texts(),
       max_words=st.sampled_from([0, 3, 20, 250]), lead_sentences=st.sampled_from([0, 1, 3]),
       lead_chars=st.sampled_from([0, 25, 512]), weekdays=st.booleans())
def test_random_text_gives_identical_features(title, text, max_words, lead_sentences,
                                              lead_chars, weekdays):
    _same(title, text, max_words=max_words, lead_sentences=lead_sentences,
          lead_chars=lead_chars, weekdays=weekdays)


@compiled
@pytest.mark.parametrize("text", [
    "", " ", "\n", "A", "AB", "a", "7", "77", "7.", ".7", "Ab Cd", "Ab  \t Cd", "Ab de Cd",
    "Ab de  Cd", "Ab de\tcd", "Ab del Toro", "Ab der", "Ab de ", "Ab of", "x Ab of Cd of Ef",
    "İİİ İstanbul", "KELVIN K", "Σ ΣΑ", "a" * 300, "Ab " * 300, "1" * 50 + ",5",
    "Monday Monday mondays", "Count " * 300 + "Zed", "\n".join(["Big Title Line Here Now"] * 3),
    "x" + "\n" * 5 + "Ab", "Ab\u2019s Cd’s", "Ab-Cd", "'Ab", "_Ab", "aAb", "é Ab", "éAb",
])
@pytest.mark.parametrize("title", [None, "", "Ab Cd", "A Title Case Headline Here"])
def test_edge_cases_give_identical_features(text, title):
    _same(title, text, **STREAM)
    _same(title, text)


@compiled
def test_counts_of_256_and_more_give_identical_features():
    _same(None, "Zed " * 300 + "word " * 700 + "12 " * 260, max_words=0)


@compiled
@settings(max_examples=1500, deadline=None)
@given(body=st.text(alphabet=".!?. \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000aZé", max_size=80),
       sentences=st.integers(-1, 6), chars=st.sampled_from([-1, 0, 1, 5, 17, 40, 512]))
def test_compiled_lead_is_the_same(body, sentences, chars):
    from storytrace.stories import _fastfeatures
    from storytrace.stories.lead import lead

    assert _fastfeatures.lead(body, sentences, chars) == lead(body, sentences, chars)


@compiled
def test_small_memos_give_identical_features():
    """The compiled memos are cleared between articles when full: results do not change."""
    from storytrace.stories import _fastfeatures
    from storytrace.synthetic import generate_with_truth

    articles = [a for a, _ in generate_with_truth(60, seed=5, days=5)]
    kwargs = dict(features_cls=features.Features, entity_stop=features._ENTITY_STOP,
                  token_key=features._token_key, bucket=features.bucket,
                  pure=features.extract_pure, log=features.math.log,
                  sublinear=features._SUBLINEAR, weekdays=features.WEEKDAYS)
    try:
        _fastfeatures.configure(**kwargs, cache_max=7)
        for a in articles:
            _same(a.title, a.text, **STREAM)
    finally:
        _fastfeatures.configure(**kwargs, cache_max=features._CACHE_MAX)


@compiled
def test_generated_articles_give_identical_features():
    from storytrace.synthetic import generate_with_truth

    for n, days in ((200, 365), (200, 3)):  # the sparse and the dense stream
        for article, _ in generate_with_truth(n, seed=11, days=days):
            _same(article.title, article.text, **STREAM)


@compiled
def test_example_corpus_gives_identical_features():
    from storytrace.ingest import read_paths

    articles = [e for e in read_paths([REPO / "examples"]) if isinstance(e, Article)]
    if not articles:
        pytest.skip("no example corpus")
    for a in articles:
        _same(a.title, a.text, **STREAM)
        _same(None, a.text, **STREAM)
        _same(a.title, a.text, max_words=0)


@compiled
def test_ecbplus_documents_give_identical_features():
    if not ECBPLUS.exists():
        pytest.skip("ECB+ not found beside the repository")
    with open(ECBPLUS, encoding="utf-8") as fh:
        for line in fh:
            _same(None, json.loads(line)["text"], **STREAM)


# Words of capitalised spans as ``_CAP_SPAN`` finds them, and worse: possessives with ' and ’,
# trailing apostrophes, dots (initials, abbreviations, dots only), sentence-initial and inner
# stop words, weekdays and months, single letters, words that lowercase to other lengths.
_SPAN_WORDS = [
    "Lindsay", "Lohan", "Lohan's", "Lohan’s", "Smiths'", "Smiths’", "Reid''", "O'Neil", "'s",
    "’s", "s", "'", "’", "''", "J.", "J", "U.S.", "U.S", ".", "...", "Dr.", "Mr", "Mrs.",
    "The", "A", "When", "But", "And", "It's", "He's", "Of", "de", "van", "Monday", "March",
    "Sept.", "X", "X's", "Q.", "İstanbul", "İ", "KELVIN", "Σ", "Straße", "Zoë", "Jean-Luc",
    "ABC-News", "_Under", "2013", "s's", "A.", ".A", "THE",
]


@st.composite
def _spans(draw) -> str:
    words = draw(st.lists(st.one_of(st.sampled_from(_SPAN_WORDS), st.text(max_size=4)),
                          max_size=8))
    out = [draw(st.sampled_from(["", "", " ", "\t"]))]
    for word in words:
        out.append(word)
        out.append(draw(st.sampled_from([" ", " ", "\t", "  ", " \t ", "\n", "\x0b",
                                         "\x1c", "\u2028", "\xa0", "\u3000", ""])))
    return "".join(out)


@compiled
@settings(max_examples=1500, deadline=None)
@given(raw=_spans(), at_start=st.booleans())
def test_compiled_span_keys_are_the_reference_ones(raw, at_start):
    from storytrace.stories import _fastfeatures

    fast = _fastfeatures.span_keys(raw, at_start)
    pure = features._span_keys(raw, at_start)
    assert fast == pure, (raw, at_start)
    assert [type(x) for x in fast] == [type(x) for x in pure]


@compiled
@pytest.mark.parametrize("raw", [
    "", " ", "\t", "The", "The A", "When But Tara", "Tara", "Tara's", "Tara’s Reid’", "J. Smith",
    "John J. Smith", "John J Smith", "U.S. Army", ". ..", "A B C", "The Lohan's Monday Reid",
    "Mr.\tX’s Y''", "İstanbul Bank", "Dr. Who", "A\u2028B Cd", "Ab de Cd", "The\tThe Ab",
])
def test_compiled_span_keys_of_edge_cases(raw):
    from storytrace.stories import _fastfeatures

    for at_start in (False, True):
        assert _fastfeatures.span_keys(raw, at_start) == features._span_keys(raw, at_start)


@compiled
def test_arguments_that_are_not_str_take_the_pure_path():
    class Text(str):
        pass

    _same(Text("Ab Cd said on Monday"), Text("Ef Gh 2013."), **STREAM)
    with pytest.raises((TypeError, AttributeError)):
        features.extract_compiled(None, None)


# -- the compiled scoring (stories/_fastscore.pyx): assign's cosines, bit for bit ----------------

scoring = pytest.mark.skipif(assign_module._fastscore is None,
                             reason="the compiled scoring is not built (or Python >= 3.12)")
_weights = st.floats(min_value=1e-6, max_value=50.0, allow_nan=False)
_vectors = st.dictionaries(st.integers(0, 60), _weights, max_size=40)


def _bits(x) -> object:
    return [(k, v.hex()) for k, v in x.items()] if isinstance(x, dict) else x.hex()


@scoring
@settings(max_examples=300, deadline=None)
@given(unit=_vectors, centroid=_vectors, cnorm=st.one_of(st.just(0.0), _weights),
       idf=st.dictionaries(st.integers(0, 60), _weights, min_size=61, max_size=61),
       power=st.sampled_from([1.0, 0.5, 1.7, 2.0]), keep=st.sampled_from([0, 1, 5, 12, 100]))
def test_compiled_scoring_gives_identical_floats(unit, centroid, cnorm, idf, power, keep):
    from storytrace.stories import _fastscore

    assert _bits(_fastscore.cos(unit, centroid, cnorm)) == \
        _bits(assign_module._cos_pure(unit, centroid, cnorm))
    compiled = _fastscore.entity_match(unit, centroid, cnorm)
    assert [_bits(x) for x in compiled] == \
        [_bits(x) for x in assign_module._entity_match_pure(unit, centroid, cnorm)]
    assert _bits(compiled[0]) == _bits(assign_module._cos_pure(unit, centroid, cnorm))
    idf = {k: idf[k] for k in range(61)}
    assert _bits(_fastscore.weighted_unit(unit, idf, power, keep)) == \
        _bits(assign_module._weighted_unit_pure(unit, idf, power, keep))


@scoring
@settings(max_examples=300, deadline=None)
@given(a=_vectors, b=_vectors, anorm=st.one_of(st.just(0.0), _weights),
       bnorm=st.one_of(st.just(0.0), _weights))
def test_compiled_refine_cosine_gives_identical_floats(a, b, anorm, bnorm):
    from storytrace.stories import _fastscore, refine

    assert _bits(_fastscore.cos_normed(a, anorm, b, bnorm)) == \
        _bits(refine._cos(a, anorm, b, bnorm))


@scoring
@settings(max_examples=300, deadline=None)
@given(words=_vectors, entities=st.dictionaries(st.integers(40, 120), _weights, max_size=30),
       counts=st.lists(st.integers(0, 5000), min_size=121, max_size=121),
       n_docs=st.integers(1, 6000))
def test_compiled_idf_weights_give_identical_floats_and_counts(words, entities, counts, n_docs):
    from storytrace.stories import _fastscore

    df_pure, df_fast = array("i", counts), array("i", counts)
    pure = assign_module._idf_weights_pure(df_pure, n_docs, words, entities)
    fast = _fastscore.idf_weights(df_fast, n_docs, words, entities)
    assert _bits(fast) == _bits(pure)
    assert df_fast == df_pure


_raw = st.one_of(_vectors, st.dictionaries(st.integers(0, 60), st.just(0.0), max_size=3))
_members = st.lists(st.tuples(_raw, _raw), max_size=12)


def _matrix_bits(matrices) -> list:
    return [(m.shape, m.dtype.str, m.tobytes()) for m in matrices]


@scoring
@settings(max_examples=300, deadline=None)
@given(members=_members, counts=st.lists(st.integers(0, 5000), min_size=61, max_size=61),
       more=st.integers(0, 1000), power=st.sampled_from([1.0, 0.5, 1.7]))
def test_compiled_split_matrices_are_identical(members, counts, more, power):
    from storytrace.stories import _fastscore, split
    from storytrace.stories.state import MemberVectors

    vectors = [MemberVectors({}, {}, words, ents) for words, ents in members]
    df, n_docs = array("i", counts), max(counts) + more
    assert _matrix_bits(_fastscore.member_matrices(vectors, df, n_docs, power)) == \
        _matrix_bits(split.member_matrices(vectors, df, n_docs, power))


@scoring
def test_compiled_split_matrices_take_the_pure_path_for_other_values():
    from storytrace.stories import _fastscore, split
    from storytrace.stories.state import MemberVectors

    df = array("i", [3, 1, 4, 1, 5])
    vectors = [MemberVectors({}, {}, {1: 2.0, 3: 1.0}, {4: 1.5}),
               MemberVectors({}, {}, {2: 1, 0: 0.5}, {})]  # an int weight
    assert _matrix_bits(_fastscore.member_matrices(vectors, df, 9, 1.0)) == \
        _matrix_bits(split.member_matrices(vectors, df, 9, 1.0))
    for member_matrices in (_fastscore.member_matrices, split.member_matrices):
        with pytest.raises(IndexError):  # a key beyond the frequencies
            member_matrices([MemberVectors({}, {}, {7: 1.0}, {})], df, 9, 1.0)


@compiled
@scoring
def test_the_stream_is_the_same_compiled_and_pure():
    """Whole runs (splits included) give the same state with the compiled and pure paths."""
    from storytrace.stories import StoryState, assign_stories
    from storytrace.synthetic import generate_with_truth

    articles = [a for a, _ in generate_with_truth(300, seed=3, days=3)]
    before = (features.extractor(), assign_module.scoring())
    states = []
    try:
        for fast in (True, False):
            features.use_extractor("compiled" if fast else "pure")
            assign_module.use_compiled_scoring(fast)
            _, state = assign_stories(articles, OPTIONS, state=StoryState(spill=False))
            states.append(state.to_bytes())
    finally:
        features.use_extractor(before[0])
        assign_module.use_compiled_scoring(before[1] == "compiled")
    assert states[0] == states[1]


_postings = st.dictionaries(
    st.integers(0, 40),
    st.lists(st.integers(0, 300), min_size=1, max_size=70, unique=True).map(
        lambda seqs: array("i", seqs)),
    max_size=30)


@scoring
@settings(max_examples=400, deadline=None)
@given(postings=_postings, keys=st.dictionaries(st.integers(0, 50), _weights, max_size=40),
       max_posting=st.sampled_from([1, 5, 50, 1000]), limit=st.sampled_from([1, 3, 6, 500]),
       tied=st.booleans())
def test_compiled_candidate_ranking_is_the_same(postings, keys, max_posting, limit, tied):
    from storytrace.stories import _fastscore

    if tied:  # equal weights: the ties are broken by creation number
        keys = {k: 0.25 for k in keys}
    assert _fastscore.ranked_stories(postings, keys, max_posting, limit) == \
        assign_module._ranked_stories_pure(postings, keys, max_posting, limit)


@scoring
def test_compiled_scoring_takes_the_pure_path_for_other_values():
    from storytrace.stories import _fastscore

    assert _fastscore.cos({1: 2, 2: 1.5}, {1: 3, 2: 0.5}, 2) == \
        assign_module._cos_pure({1: 2, 2: 1.5}, {1: 3, 2: 0.5}, 2)
    assert _fastscore.entity_match({1: 2, 2: 1.5}, {1: 3, 2: 0.5}, 2) == \
        assign_module._entity_match_pure({1: 2, 2: 1.5}, {1: 3, 2: 0.5}, 2) == (3.375, 6.25)
    assert _fastscore.weighted_unit({1: 2, 2: 1.0}, {1: 3, 2: 0.5}) == \
        assign_module._weighted_unit_pure({1: 2, 2: 1.0}, {1: 3, 2: 0.5})
    with pytest.raises(KeyError):
        _fastscore.weighted_unit({1: 1.0}, {})
    postings = {1: array("i", [4, 2]), 2: array("i", [2])}
    assert _fastscore.ranked_stories(postings, {1: 1, 2: 1}, 50, 1) == \
        assign_module._ranked_stories_pure(postings, {1: 1, 2: 1}, 50, 1) == [2]  # int weights
    for ranked_stories in (_fastscore.ranked_stories, assign_module._ranked_stories_pure):
        with pytest.raises(TypeError):  # postings are array('i')
            ranked_stories({1: [4, 2]}, {1: 1.0}, 50, 1)
    counted = []
    for idf_weights in (_fastscore.idf_weights, assign_module._idf_weights_pure):
        counts = array("i", [0, 2])
        with pytest.raises(IndexError):
            idf_weights(counts, 3, {1: 1.0}, {5: 1.0})
        counted.append(counts)
    assert counted[0] == counted[1] == array("i", [0, 3])  # counted once, as the reference does


@scoring
@settings(max_examples=200, deadline=None)
@given(keys=st.lists(st.integers(0, 60), max_size=40, unique=True),
       weights=st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=40, max_size=40),
       keep=st.sampled_from([1, 5, 12, 39]))
def test_compiled_cut_breaks_ties_in_dict_order(keys, weights, keep):
    from storytrace.stories import _fastscore

    vec = dict(zip(keys, weights[: len(keys)], strict=True))  # few weights: ties at the cut
    idf = {k: 1.5 for k in range(61)}
    assert _bits(_fastscore.weighted_unit(vec, idf, 1.0, keep)) == \
        _bits(assign_module._weighted_unit_pure(vec, idf, 1.0, keep))


@scoring
@settings(max_examples=400, deadline=None)
@given(into=st.dictionaries(st.integers(0, 80), _weights, max_size=60), vec=_vectors,
       k=st.sampled_from([0, 1, 4, 20, 50]), tied=st.booleans())
def test_compiled_centroid_upkeep_is_the_same(into, vec, k, tied):
    from storytrace.stories import _fastscore
    from storytrace.stories import state as state_module

    if tied:  # equal weights: the ties are broken by key (top) and by dict order (heaviest)
        into = {key: 0.5 for key in into}
        vec = {key: 0.25 for key in vec}
    norm = state_module._norm(into)
    pure, fast = dict(into), dict(into)
    assert _bits(_fastscore.accumulate(fast, norm, vec, k)) == \
        _bits(state_module._accumulate_pure(pure, norm, vec, k))
    assert _bits(fast) == _bits(pure)  # the same values, in the same order
    for n in (0, 3, 30, 100):
        assert _fastscore.heaviest_keys(fast, n) == state_module._heaviest_keys_pure(fast, n)


@scoring
@settings(max_examples=400, deadline=None)
@given(index=_postings, other=_postings,
       old=st.lists(st.integers(0, 45), max_size=20, unique=True),
       keys=st.lists(st.integers(0, 45), max_size=20), seq=st.integers(0, 300),
       moved=st.booleans())
def test_compiled_index_upkeep_is_the_same(index, other, old, keys, seq, moved):
    from storytrace.stories import _fastscore
    from storytrace.stories import state as state_module

    def copy(postings):
        return {k: array("i", p) for k, p in postings.items()}

    pure, fast = (copy(index), copy(other)), (copy(index), copy(other))
    state_module._update_postings_pure(*pure, tuple(old), tuple(keys), seq, moved)
    _fastscore.update_postings(*fast, tuple(old), tuple(keys), seq, moved)
    for got, want in zip(fast, pure, strict=True):  # the same postings, in the same key order
        assert [(k, p.tolist()) for k, p in got.items()] == \
            [(k, p.tolist()) for k, p in want.items()]


@scoring
def test_compiled_upkeep_takes_the_pure_path_for_other_values():
    from storytrace.stories import _fastscore
    from storytrace.stories import state as state_module

    for accumulate in (_fastscore.accumulate, state_module._accumulate_pure):
        into = {1: 2, 2: 0.5}  # an int value, left by a hand-made centroid
        assert accumulate(into, 2.0615528128088303, {1: 1.0, 3: 1.0}, 1) == 3.0
        assert into == {1: 3.0}
    for update_postings in (_fastscore.update_postings, state_module._update_postings_pure):
        index = {1: [4, 2]}  # lists, not array('i'): the reference's list methods
        update_postings(index, {}, (1,), (2,), 4, False)
        assert index == {1: [2], 2: array("i", [4])}


@scoring
def test_the_scoring_switch():
    before = assign_module.scoring()
    try:
        assign_module.use_compiled_scoring(False)
        assert assign_module.scoring() == "pure"
        assign_module.use_compiled_scoring(True)
        assert assign_module.scoring() == "compiled"
    finally:
        assign_module.use_compiled_scoring(before == "compiled")


def test_the_scoring_is_built_where_a_compiler_is():
    if _compiler() is None or sys.version_info >= (3, 12):
        pytest.skip("no C compiler, or Python >= 3.12 (the compiled scoring is not used there)")
    assert assign_module._fastscore is not None, (
        "a C compiler is on PATH but storytrace.stories._fastscore is not built")
