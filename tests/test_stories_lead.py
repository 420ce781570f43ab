"""The lead and weekday features of story clustering (``storytrace.stories.lead``)."""

from __future__ import annotations

import math

from storytrace.stories import StoryOptions
from storytrace.stories.features import bucket, extract
from storytrace.stories.lead import lead

TEXT = (
    "Judge Corvin Ashby on Thursday struck down the pumping order. The limits are restored.\n"
    "Lawyer Nessa Quill called it a victory! Would the governor appeal? Nobody knew. "
    "Farmers in the Kestral Valley had pumped water for a year, Ashby wrote."
)


def test_lead_is_the_first_sentences_up_to_a_character_cap():
    assert lead(TEXT, 1) == "Judge Corvin Ashby on Thursday struck down the pumping order."
    assert lead(TEXT, 2).endswith("The limits are restored.\n")  # a line break ends a sentence
    assert lead(TEXT, 3).endswith("called it a victory!")
    assert lead(TEXT, 4).endswith("Would the governor appeal?")
    assert lead(TEXT, 3, chars=40) == TEXT[:40]  # no sentence end within the cap
    assert lead(TEXT, 0) == "" and lead(TEXT, 3, chars=0) == ""
    assert lead("no sentence end at all", 3) == "no sentence end at all"
    assert lead("", 3) == ""
    # a decimal point does not end a sentence (the dot must be followed by white space), and
    # punctuation at the end of a line ends one sentence, not two
    assert lead("Growth hit 3.5 percent. Then it fell.", 1) == "Growth hit 3.5 percent."
    assert lead("One .\nTwo .\nThree .\nFour .", 3) == "One .\nTwo .\nThree .\n"


def test_lead_words_and_names_count_more_than_the_same_words_later():
    plain = extract(None, TEXT, max_words=250)
    led = extract(None, TEXT, max_words=250, lead_sentences=2)
    one, three = 1.0, 1.0 + math.log(3)
    # a content word of the lead: once in the body, twice more as the lead (like a title)
    assert plain.words[bucket("pumping")] == one
    assert led.words[bucket("pumping")] == three
    # a word after the lead is untouched
    assert led.words[bucket("victory")] == plain.words[bucket("victory")] == one
    # names of the lead count once more: "ashby" is in the lead and again at the end
    assert plain.entities[bucket("e:ashby")] == 1.0 + math.log(2)
    assert led.entities[bucket("e:ashby")] == 1.0 + math.log(3)
    assert led.entities[bucket("s:judge corvin ashby")] == 1.0 + math.log(2)
    assert led.entities[bucket("e:quill")] == plain.entities[bucket("e:quill")] == one
    # the title still counts twice, beside the lead
    titled = extract("Pumping order struck down", TEXT, max_words=250, lead_sentences=2)
    assert titled.words[bucket("pumping")] == 1.0 + math.log(5)


def test_weekdays_become_entity_keys_only_when_asked():
    off = extract(None, TEXT, max_words=250)
    on = extract(None, TEXT, max_words=250, weekdays=True)
    assert bucket("w:thursday") not in off.entities
    assert on.entities[bucket("w:thursday")] == 1.0
    assert bucket("e:thursday") not in on.entities  # still never a name
    assert {k: v for k, v in on.entities.items() if k != bucket("w:thursday")} == off.entities


def test_story_options_turn_both_on_by_default():
    opts = StoryOptions()
    assert opts.lead_sentences == 3 and opts.lead_chars == 512 and opts.weekday_keys
