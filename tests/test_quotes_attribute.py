"""Attribution: speakers and cues on fictional political-news paragraphs."""

from __future__ import annotations

from storytrace.quotes import extract_quotes


def by_text(text: str) -> dict[str, tuple[str | None, str, str | None]]:
    return {q.text: (q.speaker.name, q.speaker.kind, q.cue) for q in extract_quotes(text)
            if q.kind != "nested"}


def test_speaker_after_quote_with_age_and_cue_extension() -> None:
    text = ("Senator Marta Quillfeather spoke on Monday.\n\n"
            "“We were promised a plan,” Quillfeather, 58, wrote via Instagram on Monday.")
    assert by_text(text)["We were promised a plan,"] == (
        "Marta Quillfeather", "person", "wrote via Instagram")


def test_inverted_said_name_and_title() -> None:
    text = '"We are not going anywhere," said Mayor Ottilie Varga. "This is our home."'
    got = by_text(text)
    assert got["We are not going anywhere,"][:2] == ("Ottilie Varga", "person")
    assert got["This is our home."][:2] == ("Ottilie Varga", "person")


def test_pronoun_speakers_by_gender_and_recency() -> None:
    text = ("Governor Hector Almeida met Fire chief Rosalind Okafor on Thursday.\n\n"
            "\"The fires are moving fast,\" he said.\n\n"
            "Okafor said the crews were tired. \"My crews have been on the line for 30 hours,\" "
            "she said.\n\n"
            "He continued, \"We need every hand we can get.\"")
    got = by_text(text)
    assert got["The fires are moving fast,"][:2] == ("Hector Almeida", "person")
    assert got["My crews have been on the line for 30 hours,"][:2] == ("Rosalind Okafor",
                                                                       "person")
    assert got["We need every hand we can get."] == ("Hector Almeida", "person", "continued")


def test_anonymous_source_keeps_the_outlet() -> None:
    text = ("A source close to Marr told the Evening Courier that he is “focused on the kids.”"
            "\n\n“He wants what's best for everybody,” the source said.")
    got = by_text(text)
    assert got["He wants what's best for everybody,"] == (
        "source (Evening Courier)", "anonymous", "said")
    assert got["focused on the kids."][:2] == ("source (Evening Courier)", "anonymous")


def test_organisations() -> None:
    text = ("Zen was diagnosed with a rare condition, which Brightwater Clinic describes as "
            "\"a slow build-up of pressure in the skull.\"\n\n"
            "A report by the Halden Institute came out on Tuesday. \"We don't accept that,\" "
            "the institute said in response.")
    got = by_text(text)
    assert got["a slow build-up of pressure in the skull."] == (
        "Brightwater Clinic", "organisation", "describes as")
    assert got["We don't accept that,"][:2] == ("Halden Institute", "organisation")


def test_unknown_when_the_text_does_not_say() -> None:
    text = ("The storm passed on Sunday. Things soon took a turn for the worse, when "
            "\"the river began to rise a lot faster.\"")
    assert by_text(text)["the river began to rise a lot faster."] == (None, "unknown", None)


def test_split_quote_and_coordinated_partials() -> None:
    text = ("Juno Halvorsen posted on Sunday. She added that her son \"kept her going\" and "
            "revealed how his smile filled her with \"a surge of energy\" and \"pure joy\".")
    got = by_text(text)
    assert got["kept her going"] == ("Juno Halvorsen", "person", "added")
    assert got["a surge of energy"] == ("Juno Halvorsen", "person", "revealed")
    assert got["pure joy"][0] == "Juno Halvorsen"


def test_paragraph_only_quote_continues_previous_speaker() -> None:
    text = ("\"I trusted him completely,\" Marius Oyelaran told the court.\n\n"
            "\"I would have trusted him with my children.\"\n\n"
            "The judge adjourned the hearing.")
    got = by_text(text)
    assert got["I would have trusted him with my children."][:2] == ("Marius Oyelaran",
                                                                     "person")


def test_surname_never_goes_to_the_longer_name() -> None:
    text = ("Nils Varden and his son, Teodor Nils Varden, arrived on Friday.\n\n"
            "\"It's a good day,\" Varden said.")
    assert by_text(text)["It's a good day,"][0] == "Nils Varden"


def test_speaker_and_cue_offsets_point_at_the_mention() -> None:
    text = "“I just guessed right,” he told Radio Caldera, said Ezra Quinn's coach."
    text = "Ezra Quinn was modest. " + text
    q = extract_quotes(text)[0]
    assert text[q.speaker_start:q.speaker_end] == "he"
    assert q.speaker.name == "Ezra Quinn"
    assert text[q.cue_start:q.cue_end] == q.cue == "told Radio Caldera"


def test_use_spacy_adds_ner_names_when_rules_leave_a_quote_unknown() -> None:
    import pytest

    from storytrace.quotes import QuoteOptions

    try:
        from storytrace import nlp
        nlp.load(("ner",))
    except Exception as exc:  # pragma: no cover - model missing
        pytest.skip(f"spaCy model unavailable: {exc}")
    text = "Talks stalled again on Monday. \"We are nowhere,\" Wojciech Brzezinski complained."
    plain = extract_quotes(text)
    rich = extract_quotes(text, options=QuoteOptions(use_spacy=True))
    assert [q.text for q in plain] == [q.text for q in rich] == ["We are nowhere,"]
    assert rich[0].speaker.kind in ("person", "unknown")
    for q in rich:
        assert text[q.start:q.end] == q.text


def test_political_news_forms() -> None:
    text = ("Mr. Quillan Brask, speaking in Dunmore, said: \"This is about dignity.\"\n\n"
            "Varga, D-Ore., called the proposal \"dead on arrival\" and left.\n\n"
            "Officials said the storm was \"unprecedented.\" \"We have never seen anything like "
            "it,\" a Harbour Authority spokesperson said.\n\n"
            "\"The numbers are clear,\" according to Ines Marlowe, the finance minister.")
    got = by_text(text)
    assert got["This is about dignity."][:2] == ("Quillan Brask", "person")
    assert got["dead on arrival"][:2] == ("Varga", "person")
    assert got["unprecedented."][:2] == ("officials", "anonymous")
    assert got["We have never seen anything like it,"][1] == "anonymous"
    assert got["The numbers are clear,"] == ("Ines Marlowe", "person", "according to")
