"""A seeded generator of a fictional news corpus, for benchmarks and tests.

Every name, place, outlet and event is invented from word lists in this module. Articles are
grouped into stories (one event: a fire, an election, a trial, an earthquake, celebrity news, a
match), the articles of a story share people, place and dates, some stories get a follow-up
episode months later, and a share of articles carry a passage copied, lightly edited, from an
earlier article of the same story (wire copy). The ground truth of all of this comes with
:func:`generate_with_truth`.

The generator streams: it holds only the stories still being covered (and at most a few source
texts per story), never the corpus, and yields articles in publication order::

    from storytrace.synthetic import generate_articles, write_jsonl
    write_jsonl(generate_articles(20_000, seed=1), "bench-data/corpus.jsonl")

The same arguments always give the same articles, byte for byte.
"""

from __future__ import annotations

import gzip
import heapq
import html
import itertools
import json
import os
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .records import Article, Source

__all__ = [
    "ArticleTruth", "ImplantedReuse", "OutletInfo", "generate_articles", "generate_with_truth",
    "outlet_catalogue", "write_html_files", "write_jsonl", "write_text_files",
]


# --------------------------------------------------------------------------------------------
# Ground truth records
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImplantedReuse:
    """A passage copied from ``source_id`` into ``target_id``.

    ``source_text[source_start:source_end]`` is the passage as the source printed it and
    ``target_text[target_start:target_end]`` the edited copy; ``edits`` names what was changed.
    """

    source_id: str
    source_start: int
    source_end: int
    target_id: str
    target_start: int
    target_end: int
    words: int
    """Words of the source passage."""
    edits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleTruth:
    """What the generator knows about one article."""

    story: str
    """Story id, ``story-000123``; every article of one story shares it."""
    kind: str
    """Event kind: fire, election, trial, earthquake, celebrity, sport."""
    episode: int
    """0 for the first burst of coverage, 1 for a follow-up months later."""
    reuse: tuple[ImplantedReuse, ...] = ()
    people: tuple[str, ...] = ()
    """Full names of the story's people."""
    place: str = ""
    """The town the story happens in."""


@dataclass(frozen=True, slots=True)
class OutletInfo:
    name: str
    """"The Harbor Ledger"."""
    short: str
    """"the Ledger", as in "told the Ledger"."""
    domain: str


# --------------------------------------------------------------------------------------------
# Vocabulary (all invented)
# --------------------------------------------------------------------------------------------

_FEMALE = (
    "Mara", "Imogen", "Talia", "Renata", "Odile", "Priya", "Noor", "Selene", "Maren", "Ines",
    "Beatrix", "Aurelie", "Keziah", "Liesel", "Ondine", "Yara", "Thea", "Corinna", "Delphine",
    "Anouk", "Saskia", "Ilse", "Maelle", "Zofia", "Ottilie", "Nerys", "Calla", "Isolde", "Junia",
    "Rosalind", "Efua", "Marisol", "Hedda", "Linnea", "Oona", "Perpetua", "Sabine", "Tamsin",
    "Wren", "Xanthe",
)
_MALE = (
    "Tobias", "Emeric", "Caspian", "Oren", "Lucan", "Idris", "Matthias", "Joachim", "Anselm",
    "Bastian", "Corentin", "Dario", "Evander", "Florian", "Gideon", "Hollis", "Ivo", "Jory",
    "Leander", "Magnus", "Niall", "Osric", "Piers", "Quillon", "Rafferty", "Soren", "Teodor",
    "Ulric", "Valentin", "Wendell", "Kwame", "Anders", "Bertil", "Cosmo", "Dorian", "Elio",
    "Fenwick", "Gaspard", "Hamish", "Ignatius",
)
_SUR_A = (
    "Ash", "Bram", "Cal", "Dun", "Ell", "Fen", "Gar", "Hal", "Ives", "Kel", "Lind", "Mor",
    "Nor", "Oak", "Pell", "Quar", "Rav", "Sel", "Thorn", "Vand", "Wick", "Yar", "Brack", "Cran",
    "Drum", "Farr", "Gris", "Hawk", "Lark", "Merr", "Osk", "Tull",
)
_SUR_B = (
    "wood", "ley", "mere", "croft", "well", "by", "ton", "sett", "ard", "hollow", "ridge",
    "stead", "more", "vane", "brook", "ville", "den", "lock", "ham", "ford", "acre", "quist",
    "ovic", "enza",
)
_TOWN_A = (
    "Kestrel", "Marrow", "Alder", "Brine", "Copper", "Duns", "Elm", "Fallow", "Glen", "Heron",
    "Iron", "Juniper", "Lantern", "Millstone", "Norrow", "Osprey", "Pike", "Quarry", "Rook",
    "Salt", "Thistle", "Umber", "Vale", "Willow", "Yew", "Bracken", "Cinder", "Gull",
)
_TOWN_B = (
    "ford", "bridge", "haven", " Falls", "port", "ton", "wick", " Crossing", "field", "mouth",
    " Hollow", "stead", "by", "minster",
)
_REGIONS = (
    "Brannock County", "the Lower Cascade district", "the Sorrel Valley", "East Hadley Province",
    "the Marrow Coast", "Tarrant Shire", "the Pellow Highlands", "Ostend County",
    "the Greywater Basin", "North Umber Province",
)
_OUTLET_A = (
    "Harbor", "Valley", "Northern", "Riverside", "Tri-County", "Coastal", "Prairie", "Lakeshore",
    "Summit", "Capital", "Evening", "Morning", "Granite", "Bayside", "Highland", "Metro",
    "Frontier", "Orchard", "Cedar", "Midland",
)
_OUTLET_B = (
    "Ledger", "Courier", "Herald", "Gazette", "Sentinel", "Chronicle", "Dispatch", "Tribune",
    "Post", "Observer", "Record", "Beacon", "Examiner", "Clarion", "Register", "Bulletin",
)
_STREET = ("Street", "Road", "Avenue", "Lane", "Way", "Parade")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUM_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)

_KINDS = ("fire", "election", "trial", "earthquake", "celebrity", "sport")

# Per kind: fixed choices drawn once per story.
_BUILDINGS = (
    "warehouse", "apartment block", "timber yard", "cannery", "furniture store",
    "school gymnasium", "bakery", "storage depot", "textile mill", "boatyard",
)
_OFFICES = ("mayor", "council seat", "regional assembly seat", "harbour board chair")
_PARTIES = (
    "Civic Renewal Party", "Harbor Labour League", "Progressive Commons", "Liberty and Land",
    "Green Covenant", "Townsfolk Alliance",
)
_CHARGES = (
    "fraud", "arson", "embezzlement", "assault", "bribery", "money laundering", "perjury",
)
_SHOWS = (
    "Midnight Orchard", "The Copper Years", "Salt and Lanterns", "Northern Lights Tonight",
    "The Quiet Tide", "Paper Crowns", "Velvet Hour",
)
_STAR_ROLES = ("singer", "actor", "television presenter", "actress", "comedian", "songwriter")
_CLUBS = ("Rovers", "United", "Athletic", "Wanderers", "Harriers", "City")
_CUPS = ("Coastal Cup", "Regional Shield", "Federation Trophy", "Harbour League title")
_CHILD_NAMES_F = ("Juniper", "Clementine", "Marigold", "Saffi", "Oriel", "Bluebell", "Io")
_CHILD_NAMES_M = ("Arlo", "Fenn", "Bartholomew", "Ozzie", "Cassius", "Rumi", "Tay")

# Article-level pools: drawn fresh for every use in a template.
_POOLS: dict[str, tuple[str, ...]] = {
    "said": ("said", "said", "said", "told reporters", "added", "explained", "noted"),
    "resid": (
        "residents", "neighbours", "local shop owners", "families on the street", "commuters",
        "parents at the school gates", "regulars at the corner cafe", "volunteers",
    ),
    "adv": (
        "quickly", "slowly", "visibly", "largely", "almost entirely", "only partly", "suddenly",
    ),
    "feel": (
        "shaken", "relieved", "angry", "exhausted", "hopeful", "stunned", "grateful", "uneasy",
    ),
    "later_short": ("nightfall", "dawn", "midnight", "noon", "the afternoon"),
    "later": (
        "later that evening", "the following morning", "within hours", "by nightfall",
        "shortly before midnight", "over the weekend", "in the days that followed",
    ),
    "num_s": ("two", "three", "four", "five", "six", "a dozen", "several", "dozens of"),
    "aside": (
        "according to local officials", "according to a council briefing",
        "records seen by reporters show", "figures released on the day show",
        "a regional spokesperson confirmed", "people familiar with the matter said",
    ),
    "ctx": (
        "the worst in living memory", "the first of its kind in the area",
        "a rare event for the region", "the latest in a string of setbacks",
        "a turning point for the town", "long overdue, critics said",
    ),
    "obj": (
        "the insurance claims", "the clean-up", "a public meeting", "a fundraising drive",
        "the official inquiry", "the road closures", "a memorial service", "the council vote",
    ),
    "verb": (
        "called for", "organised", "postponed", "criticised", "welcomed", "asked about",
        "raised concerns about", "pledged money to",
    ),
}

# Templates: "{slot}" is filled from the story and the pools; "[a|b|c]" picks one alternative
# each time the template is used, so that two articles of one story rarely share a sentence
# word for word unless one copied the other.
_GENERIC_TEMPLATES = (
    "[Residents|Neighbours|Shop owners|Families] in {place} said they felt {feel} {later}.",
    "The {org} [said it would publish|promised|has yet to release] a [full|detailed|short] "
    "[account|report|timeline] [within weeks|before the end of the month|once the review ends], "
    "{aside}.",
    "[Many|Some|A handful of] {resid} [called for|asked about|raised concerns about] {obj}, "
    "[which|a step that] [was|had been] {ctx}.",
    "{Later}, {resid} [gathered|met|stood talking] [near|outside a cafe on|at the corner of] "
    "{street} [to talk about what had happened|to compare notes|and traded rumours].",
    "[Traffic|The bus service|Rail traffic] through {place} was {adv} [restored|back to normal] "
    "{later}, {aside}.",
    "{place}, [a town of about|home to some|with a population of roughly] {pop} "
    "[people|residents], [sits|lies] in {region}.",
    "{resid} said the [mood|atmosphere] in {place} had [changed|shifted|darkened|lifted] {later}.",
    "Questions about {obj} [were raised|came up|dominated] at a [meeting|packed meeting|"
    "council session] in {place} on {day2}.",
    "[It was|This was], one of the {resid} said, {ctx}.",
    "[By|Before] {day2}, {num_s} {resid} had [called for|signed up to|asked about] {obj}, {aside}.",
    "[Local businesses|Traders on {street}|Two churches] in {place} [organised|offered to help "
    "with|put money towards] {obj} {later}.",
    "[The story|News of it|Word] [spread|travelled] [quickly|fast|within hours] "
    "[across|through|beyond] {region}, {aside}.",
    "The last time {place} drew [this much|such|so much] attention was in {old_year}, {aside}.",
    "[Officials|Council officers|Aides] [in|from] {place} [declined to|would not] "
    "[comment further|say more|give details] [on|about] {obj}.",
    "[A page|An online appeal|A community group] set up {later} had drawn [{num_s}|hundreds of] "
    "[messages|donations|offers of help], {aside}.",
)

_QUOTE_GENERIC = (
    "We are [grateful|thankful] for every message of support from {place}",
    "I have [never seen|not seen] anything like it in {years} years[| of doing this]",
    "Nobody in {place} will [forget|get over] this [week|month] [in a hurry|quickly|]",
    "We owe it to the people of {region} to get this right",
    "It all happened so fast, and then it was [quiet|silent|over]",
    "There will be time for questions, but right now we need to look after each other",
    "I want to thank the {resid} who stepped up when it mattered",
    "We will say more when we know more, and not before",
    "People here are {feel}, and they have every right to be",
    "[Honestly|To be honest|Frankly], I am still taking it in",
    "You do not expect this in a place like {place}",
)

# Kind -> headlines, ledes, facts, follow-up ledes, quotes.  Slots come from the story.
_KIND_TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "fire": {
        "headline": (
            "Fire destroys {building} in {place}",
            "{Building} blaze in {place}: {injured_l} hurt",
            "Crews battle {building} fire on {street}", "{place} {building} gutted by fire",
            "Investigators search for cause of {place} fire",
            "Smoke over {place} as {building} burns",
        ),
        "lede": (
            "A [fire|blaze] [tore through|ripped through|destroyed] a {building} [on|along] "
            "{street} in {place} [on {day}|{day} night|early on {day}], [injuring|hurting] "
            "{injured_l} people and [sending|pushing] smoke [over|across] {region}.",
            "[Firefighters|Crews|Fire crews] spent [{hours}|nearly {hours}|more than {hours}] "
            "hours [fighting|tackling|battling] a [blaze|fire] that [destroyed|gutted] a "
            "{building} in {place} on {day}, [officials said|the {org} said|{aside}].",
            "{Injured_l} people were [taken|rushed] to hospital [after|when] a fire broke out "
            "at a {building} on {street}, {place}, [on {day}|{day} evening|late on {day}].",
            "[Flames|A fire] [engulfed|consumed] [a|the] {building} in {place} on {day}, and "
            "[{hours} hours later|by {later_short}] [only|just] [the walls|a shell] "
            "[remained|was left standing].",
        ),
        "fact": (
            "[About|Around|Some] {crews} [crews|fire engines] were sent to {street} after the "
            "first [call|emergency call|alarm] at {hour}.",
            "The roof of the {building} [collapsed|caved in|fell in] {later}, [according to "
            "the {org}|the {org} said|witnesses said].",
            "The cause of the fire [is under investigation|has not been established|is not yet "
            "known], [the {org} said|officials said|{off_sur} said].",
            "{off} said the {building} had passed [an inspection|a safety check|a fire audit] "
            "in {old_year2}.",
            "The owner of the {building}, {own}, said the business [employed|had] {staff} "
            "[people|workers|staff].",
            "[Nearby homes|Houses|Two blocks] on {street} were evacuated [as a precaution|"
            "overnight|for several hours].",
            "{vic}, {vic_age}, died [at the scene|in hospital|before help arrived], the {org} "
            "[confirmed|said] on {day2}.",
            "{wit} said {wit_he} [saw|noticed] [flames|smoke|an orange glow] [through|behind|"
            "above] the windows at about {hour}.",
            "The {building} had stood on {street} since {old_year}[|, {aside}].",
            "Damage was estimated at {damage} million, {aside}.",
            "{Injured_l} people were treated for [smoke inhalation|minor burns|breathing "
            "problems], {aside}.",
            "[Investigators|Fire investigators|Insurance assessors] were [back|still] at the "
            "site on {day2}.",
        ),
        "follow": (
            "A year after a fire destroyed a {building} on {street} in {place}, the site "
            "is still fenced off and the cause is still disputed.",
            "Months after the fire that killed {vic_full} in {place}, investigators have "
            "released their report on the {building} blaze.",
        ),
        "quote": (
            "The heat was [so intense|so fierce|unbearable,] [that|and] [crews|we] had to [pull "
            "back|retreat] from {street}",
            "We could see the smoke from the other side of {place}",
            "Everything my family built [is gone|went up in an afternoon]",
            "The building had been empty for hours, which is the one mercy in all this",
            "Our crews did everything they could, but the {building} was lost",
            "I [grabbed the dog|grabbed my keys|grabbed the kids] and ran",
        ),
    },
    "election": {
        "headline": (
            "{main_sur} wins {office} race in {place}", "{place} elects {main_full} as {office}",
            "Narrow win for {main_sur} in {place} vote", "{place} vote: {party} takes {office}",
            "Recount looms after close {office} race in {place}",
        ),
        "lede": (
            "{main_full} of the {party} [won|took|claimed] the [race|contest|vote] for "
            "{office} in {place} [on {day}|{day} night], [taking|winning|with] {share} per cent "
            "of the [vote|ballots cast].",
            "[Voters|The electorate|Residents] in {place} [chose|picked|elected] {main_full} as "
            "their [new|next] {office} on {day}, [ending|closing] a [campaign|race|contest] "
            "that [divided|split|gripped] {region}.",
            "[The|A] [bitter|long|close] race for {office} in {place} [ended|came to an end|was "
            "settled] on {day} [with|in] a [win|victory] for {main_full} of the {party}.",
        ),
        "fact": (
            "Turnout was {turnout} per cent, [up|down] from {turnout2} per cent at the last "
            "[election|vote].",
            "{riv} of the {party2} conceded {later}[|, {aside}].",
            "{main} [campaigned|ran] on [housing|the harbour|bus fares|school places] and {obj}.",
            "The count at the {place} town hall [ran past|finished after|went on until] {hour}.",
            "{riv} said {riv_he} would [not ask for|consider] a recount.",
            "{main}, {main_age}, is a former [teacher|nurse|harbour pilot|bookkeeper] who moved "
            "to {place} in {old_year}.",
            "The {party} last held the {office} in {old_year}[|, {aside}].",
            "[Official|Final] results will be certified by the {org} on {day2}.",
            "{main_sur}'s margin was {margin} votes, {aside}.",
            "[Posters|Leaflets|Banners] for both campaigns still lined {street} on {day2}.",
        ),
        "follow": (
            "A year after {main_full} won the {office} race in {place}, {main_his} first "
            "budget has split the council.",
            "Months after the {place} election, {main_full} faces questions over {obj}.",
        ),
        "quote": (
            "This [result|win] belongs to every [volunteer|supporter] who [knocked on a "
            "door|handed out a leaflet] in {place}",
            "The people of {place} have spoken, and I respect their choice",
            "We ran a [clean|positive|decent] campaign[| and I am proud of it]",
            "My first [job|task] [is|will be] to [listen to|meet] the people who did not vote for "
            "me",
        ),
    },
    "trial": {
        "headline": (
            "{main_full} goes on trial for {charge}", "{place} {charge} trial opens",
            "Jury hears {charge} case against {main_sur}", "Verdict due in {main_sur} trial",
            "{main_sur} denies {charge} at {place} court",
        ),
        "lede": (
            "{main_full}, {main_age}, [went on trial|appeared|stood trial] [at|in] the {org} "
            "[on {day}|{day} morning] [accused of|charged with|facing a charge of] {charge}.",
            "The {charge} trial of {main_full} [opened|began|got under way] in {place} on "
            "{day}, with [prosecutors|the prosecution|{pro_full}] [telling|warning] "
            "[jurors|the jury] the case [would take|could last] {weeks} weeks.",
            "[Jurors|A jury] in {place} [began hearing|heard the first day of|were sworn in "
            "for] the {charge} case against {main_full} [on {day}|{day}], [more than|nearly] "
            "{weeks} years after [the|an] [investigation|inquiry] began.",
        ),
        "fact": (
            "{main} [denies|has denied|has pleaded not guilty to] the charge.",
            "{pro} told the court the [losses|sums involved] came to {damage} million.",
            "{jud} warned jurors not to [read about|discuss] the case {later}.",
            "{def}, representing {main}, said the evidence was [circumstantial|thin|"
            "misunderstood].",
            "The court heard that {main} had worked for {org2} since {old_year}.",
            "The jury was shown {num_s} [emails|invoices|messages] sent between {old_year} and "
            "{old_year2}.",
            "{wit}, a former colleague, told the court {wit_he} had raised concerns in "
            "{old_year2}.",
            "The trial [continues|resumes] on {day2}[|, {aside}].",
            "If convicted, {main} faces up to {years} years in prison.",
            "[Reporters|Supporters|Former colleagues] filled the public gallery on {day2}.",
        ),
        "follow": (
            "A year after {main_full} was convicted of {charge} in {place}, an appeal court "
            "has agreed to hear {main_his} case.",
            "Months after the {charge} trial of {main_full}, {org2} has changed its rules.",
        ),
        "quote": (
            "The evidence will show a pattern that [went on|lasted|continued] for [years|a decade]",
            "My client has always maintained [his|her] innocence",
            "I did what I was told to do, nothing more",
            "This case has never been about one person",
        ),
    },
    "earthquake": {
        "headline": (
            "Magnitude {mag} earthquake shakes {region}",
            "Quake near {place} damages homes", "{Injured_l} injured as earthquake hits {place}",
            "Aftershocks rattle {place} after strong quake",
            "Earthquake felt across {region}",
        ),
        "lede": (
            "A magnitude {mag} [earthquake|quake] [struck|hit|shook the ground] [near|close "
            "to|outside] {place} [on {day}|early on {day}|{day} night], [damaging|cracking] "
            "[homes|houses|buildings] [across|throughout] {region} and [injuring|hurting] "
            "{injured_l} people.",
            "The [ground|earth] shook for [nearly|almost|about] {secs} seconds in {place} "
            "[on {day}|{day}] when a [magnitude {mag}|strong] [earthquake|quake] [hit|struck] "
            "{region}[|, {aside}].",
        ),
        "fact": (
            "The [quake|earthquake] was [centred|located] {km} [kilometres|km] [from|"
            "outside] {place} at a depth of {depth} kilometres, [the {org} said|according to "
            "the {org}|{aside}].",
            "At least {num_s} aftershocks were recorded {later}[|, {aside}].",
            "{off} said {off_he} had asked for [emergency funds|army engineers|tents] for "
            "{region}.",
            "Schools in {place} were closed on {day2} while engineers [checked|inspected] the "
            "buildings.",
            "{vic}, {vic_age}, was killed when a [wall|chimney|balcony] collapsed on {street}.",
            "The last quake of this size in {region} was in {old_year}.",
            "Power was cut to about {homes} homes, {aside}.",
            "{wit} said the shaking woke {wit_him} at {hour}.",
            "[Cracks|Fissures] [opened|appeared] in the road along {street}.",
        ),
        "follow": (
            "A year after a magnitude {mag} earthquake hit {place}, many families are still "
            "living in temporary homes.",
            "Months after the earthquake in {region}, rebuilding in {place} has barely begun.",
        ),
        "quote": (
            "The whole house moved, and then the lights went out",
            "We are asking people to stay out of damaged buildings",
            "There is no way to predict when the next one will come",
            "My mother's house on {street} is cracked from top to bottom",
        ),
    },
    "celebrity": {
        "headline": (
            "{main_full} and {par_full} welcome baby {child}",
            "{main_sur} opens up about life with baby {child}",
            "{show} star {main_full} shares family news",
            "{main_full} on {ex_sur} split: 'We are still a family'",
            "{main_sur} returns to {show} after becoming a parent",
        ),
        "lede": (
            "{show} [star|favourite] {main_full} and {main_his} partner {par_full} have "
            "[welcomed|become parents to] a {child_sex}, {child}, [the couple announced|they "
            "said|a representative said] [on {day}|{day}].",
            "{main_full} has [shared|posted] the first [photos|pictures] of {main_his} "
            "[newborn|baby] {child_sex} {child}, [born on {child_born}|who arrived on "
            "{child_born}].",
            "[It's a {child_sex}|Baby news] for {main_full}: the {star_role} and {par_full} "
            "[welcomed|announced the birth of] {child} [on {day}|{day}], {aside}.",
        ),
        "fact": (
            "{main}, {main_age}, shares {kids} children with ex-partner {ex}.",
            "{child} was born on {child_born} in {place}, {aside}.",
            "The {star_role} met {par}, {par_age}, on the set of {show} in {old_year2}.",
            "{main} and {ex} separated in {old_year2} after {years} years together.",
            "{par} wrote on social media that the baby was [healthy|doing well|home].",
            "{main_He} announced the pregnancy on {show} [in the spring|last year|in a video].",
            "The couple said they would take time away from {show}.",
            "A representative for {main} confirmed the birth to {paper}.",
            "[Fans|Co-stars|Friends] [flooded|filled] the comments with [congratulations|"
            "messages], {aside}.",
        ),
        "follow": (
            "A year after welcoming {main_his} {child_sex} {child}, {main_full} marked "
            "the first birthday with a post to fans.",
            "Months after the birth of {child}, {main_full} has returned to {show}.",
        ),
        "quote": (
            "{child} has changed everything for us",
            "We are tired, we are [happy|thrilled], and we are [so|completely] in love",
            "I never [thought|imagined] I would [get to be|become] a parent again",
            "We ask for privacy [while|as] our family [gets used to|settles into] this new "
            "[chapter|life]",
        ),
    },
    "sport": {
        "headline": (
            "{place} {club} win {cup} final", "{main_sur} double sinks rivals in {cup} final",
            "{club} lift {cup} after {score} win", "Late goal gives {place} the {cup}",
            "{coach_sur} hails {club} after {cup} triumph",
        ),
        "lede": (
            "{place} {club} [won|lifted|clinched] the {cup} [on {day}|{day}], [beating|"
            "defeating|seeing off] {opp} {score} in front of [{crowd}|a crowd of {crowd}] "
            "[fans|supporters].",
            "{main_full} [scored twice|struck twice|hit a double] as {place} {club} [beat|"
            "edged|overcame] {opp} {score} in the {cup} final [on {day}|{day} afternoon].",
            "[A|One] [memorable|frantic|tense] {cup} final [ended|finished] {score} to {place} "
            "{club} [on {day}|{day}], with {main_full} [the hero|the difference|on the "
            "scoresheet].",
        ),
        "fact": (
            "{main} opened the scoring in the {minute}th minute[| with a low shot| from close "
            "range].",
            "{opp} [equalised|drew level|pulled one back] [before half-time|just before the "
            "break|early in the second half] [through a header|from the penalty spot|with a "
            "long-range strike].",
            "{coach} said the squad had [trained through|been hit by|shrugged off] [injuries|"
            "a flu outbreak|a long injury list].",
            "{main}, {main_age}, joined {club} from {opp} in {old_year2}.",
            "It was the club's first {cup} since {old_year}[|, {aside}].",
            "The crowd of {crowd} was a record for the ground, {aside}.",
            "{club} finished the match with ten players after a [red card|second yellow card].",
            "The squad will parade through {place} on {day2}.",
            "[Supporters|Fans|Season-ticket holders] [sang|celebrated] on {street} {later}.",
        ),
        "follow": (
            "A year after {place} {club} lifted the {cup}, {main_full} is preparing for "
            "another final.",
            "Months after the {cup} final, {main_full} has signed a new contract with {club}.",
        ),
        "quote": (
            "I [dreamed|dreamt] about this as a [kid|boy|child] on the [pitches|fields] "
            "[in|around] {place}",
            "The [boys|lads|squad] never stopped believing, even at one-nil down",
            "This [one|trophy] is for the [fans|supporters] who [travelled|came] all the way from "
            "{place}",
            "We were not the favourites, and we did not care",
        ),
    },
}


def _compile(template: str) -> tuple[str, ...]:
    """Every wording of a template with ``[a|b]`` alternatives, expanded once at import.

    Picking one wording uniformly is the same as picking each alternative independently, and
    costs one random draw per use.
    """
    parts: list[tuple[str, ...]] = []
    rest = template
    while "[" in rest:
        head, _, tail = rest.partition("[")
        inner, _, rest = tail.partition("]")
        parts.append((head,))
        parts.append(tuple(inner.split("|")))
    parts.append((rest,))
    return tuple("".join(choice) for choice in itertools.product(*parts))


def _compile_all(templates: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(_compile(t) for t in templates)


_C_GENERIC = _compile_all(_GENERIC_TEMPLATES)
_C_QUOTE_GENERIC = _compile_all(_QUOTE_GENERIC)
_C_KIND = {k: {part: _compile_all(ts) for part, ts in v.items()} for k, v in _KIND_TEXT.items()}


def _render(rng: random.Random, wordings: tuple[str, ...], slots) -> str:
    return wordings[int(rng.random() * len(wordings))].format_map(slots)


# Word substitutions used to edit copied passages (wire copy edited by another desk).
_SUBSTITUTIONS = (
    (" said ", " told reporters "), (" about ", " around "), (" people ", " residents "),
    (" on ", " early on "), (" was ", " had been "), (" after ", " following "),
    (" the town", " the community"), (" started ", " began "), (" many ", " numerous "),
    (" also ", " additionally "), (" near ", " close to "), (" week", " week,"),
)

# Roles that stories can fill: key -> (title for first mention).
_ROLE_TITLES = {
    "main": "", "off": "", "wit": "", "vic": "", "own": "", "riv": "", "pro": "prosecutor ",
    "jud": "Judge ", "def": "defence lawyer ", "par": "", "ex": "", "coach": "coach ",
}


# --------------------------------------------------------------------------------------------
# Story planning
# --------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Person:
    first: str
    last: str
    female: bool
    born: date

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def age_at(self, day: date) -> int:
        return day.year - self.born.year - ((day.month, day.day) < (self.born.month,
                                                                   self.born.day))


@dataclass(slots=True)
class _Story:
    id: str
    kind: str
    event: date
    people: dict[str, _Person]
    slots: dict[str, str]
    remaining: int
    sources: list[tuple[str, str, list[tuple[int, int]], datetime, int]] = field(
        default_factory=list)
    """(article id, text, sentence spans, published, outlet index) of its first articles."""


def _pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def outlet_catalogue(count: int, seed: int = 0) -> list[OutletInfo]:
    """``count`` invented outlets (at most 320), the same list for the same seed."""
    combos = [(a, b) for a in _OUTLET_A for b in _OUTLET_B]
    if not 1 <= count <= len(combos):
        raise ValueError(f"outlets must be between 1 and {len(combos)}, got {count}")
    random.Random(f"outlets-{seed}").shuffle(combos)
    out = []
    for a, b in combos[:count]:
        name = f"The {a} {b}"
        domain = (a + b).lower().replace("-", "") + ".example"
        out.append(OutletInfo(name=name, short=f"the {b}", domain=domain))
    return out


class _Namer:
    """Invented people, unique enough inside one corpus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [a + b for a in _SUR_A for b in _SUR_B]

    def person(self, around: date, age_lo: int, age_hi: int, female: bool | None = None
               ) -> _Person:
        rng = self.rng
        if female is None:
            female = rng.random() < 0.5
        first = _pick(rng, _FEMALE if female else _MALE)
        last = _pick(rng, self.surnames)
        age_days = int((age_lo + rng.random() * (age_hi - age_lo)) * 365.25)
        return _Person(first, last, female, around - timedelta(days=age_days))


def _town(rng: random.Random) -> str:
    return _pick(rng, _TOWN_A) + _pick(rng, _TOWN_B)


def _plan_story(rng: random.Random, namer: _Namer, sid: str, event: date, size: int
                ) -> _Story:
    kind = _pick(rng, _KINDS)
    place = _town(rng)
    people: dict[str, _Person] = {}
    s: dict[str, str] = {
        "place": place, "region": _pick(rng, _REGIONS),
        "street": f"{_pick(rng, namer.surnames)} {_pick(rng, _STREET)}",
        "pop": f"{int(4 + rng.random() * 90)},{int(rng.random() * 900) + 100}",
        "years": str(int(3 + rng.random() * 12)),
        "old_year": str(event.year - int(2 + rng.random() * 40)),
        "old_year2": str(event.year - int(1 + rng.random() * 3)),
        "damage": f"{int(1 + rng.random() * 40)}.{int(rng.random() * 10)}",
        "injured_l": _NUM_WORDS[int(2 + rng.random() * 10)],
        "hour": f"{int(1 + rng.random() * 11)}:{int(rng.random() * 6)}{int(rng.random() * 10)}"
                f"{_pick(rng, ('am', 'pm'))}",
    }
    people["main"] = namer.person(event, 24, 70)
    people["off"] = namer.person(event, 35, 64)
    people["wit"] = namer.person(event, 19, 80)
    if kind == "fire":
        b = _pick(rng, _BUILDINGS)
        s.update(building=b, Building=b.capitalize(), org=f"{place} Fire Department",
                 crews=str(int(4 + rng.random() * 30)), hours=_NUM_WORDS[int(2 + rng.random()
                                                                               * 9)],
                 staff=str(int(5 + rng.random() * 80)))
        people["vic"] = namer.person(event, 30, 90)
        people["own"] = namer.person(event, 30, 75)
    elif kind == "election":
        p1, p2 = rng.sample(_PARTIES, 2)
        share = int(42 + rng.random() * 20)
        s.update(office=_pick(rng, _OFFICES), party=p1, party2=p2, share=str(share),
                 turnout=str(int(35 + rng.random() * 40)), turnout2=str(int(30 + rng.random()
                                                                                * 40)),
                 margin=f"{int(1 + rng.random() * 9)},{int(rng.random() * 900) + 100}",
                 org=f"{place} Electoral Commission")
        people["riv"] = namer.person(event, 30, 70)
    elif kind == "trial":
        s.update(charge=_pick(rng, _CHARGES), org=f"{place} District Court",
                 org2=f"{_pick(rng, namer.surnames)} Holdings", weeks=_NUM_WORDS[
                     int(2 + rng.random() * 8)])
        people["pro"] = namer.person(event, 30, 60)
        people["jud"] = namer.person(event, 45, 70)
        people["def"] = namer.person(event, 30, 65)
    elif kind == "earthquake":
        s.update(mag=f"{int(4 + rng.random() * 4)}.{int(rng.random() * 10)}",
                 org="Institute of Geophysical Survey", km=str(int(5 + rng.random() * 80)),
                 depth=str(int(3 + rng.random() * 40)), secs=str(int(10 + rng.random() * 50)),
                 homes=f"{int(1 + rng.random() * 60)},{int(rng.random() * 900) + 100}")
        people["vic"] = namer.person(event, 20, 90)
    elif kind == "celebrity":
        female_child = rng.random() < 0.5
        child_born = event - timedelta(days=int(1 + rng.random() * 20))
        s.update(show=_pick(rng, _SHOWS), star_role=_pick(rng, _STAR_ROLES),
                 child=_pick(rng, _CHILD_NAMES_F if female_child else _CHILD_NAMES_M),
                 child_sex="daughter" if female_child else "son",
                 child_born=f"{_MONTHS[child_born.month - 1]} {child_born.day}",
                 kids=_NUM_WORDS[int(1 + rng.random() * 4)],
                 org=f"{_pick(rng, namer.surnames)} Talent Agency")
        people["par"] = namer.person(event, 22, 50)
        people["ex"] = namer.person(event, 25, 60)
    else:  # sport
        club = _pick(rng, _CLUBS)
        opp_club = _pick(rng, [c for c in _CLUBS if c != club])
        a, b = int(1 + rng.random() * 4), int(rng.random() * 3)
        s.update(club=club, opp=f"{_town(rng)} {opp_club}", cup=_pick(rng, _CUPS),
                 score=f"{max(a, b + 1)}-{b}", crowd=f"{int(2 + rng.random() * 40)},"
                                                    f"{int(rng.random() * 900) + 100}",
                 minute=str(int(3 + rng.random() * 40)), org=f"{place} Football Association")
        people["main"] = namer.person(event, 18, 34)
        people["coach"] = namer.person(event, 38, 66)
    for role, p in people.items():
        s[f"{role}_full"] = p.full
        s[f"{role}_sur"] = p.last
        s[f"{role}_He"] = "She" if p.female else "He"
        s[f"{role}_he"] = "she" if p.female else "he"
        s[f"{role}_him"] = "her" if p.female else "him"
        s[f"{role}_his"] = "her" if p.female else "his"
    return _Story(id=sid, kind=kind, event=event, people=people, slots=s, remaining=size)


# --------------------------------------------------------------------------------------------
# Article text
# --------------------------------------------------------------------------------------------

class _Slots(dict):
    """Template slots: fixed story values, fresh picks from pools, people mentions with ages."""

    __slots__ = ("rng", "people", "mentioned", "day")

    def __init__(self, base: dict[str, str], rng: random.Random, people: dict[str, _Person],
                 day: date) -> None:
        super().__init__(base)
        self.rng = rng
        self.people = people
        self.mentioned: set[str] = set()
        self.day = day

    def __missing__(self, key: str) -> str:
        pool = _POOLS.get(key)
        if pool is not None:
            return pool[int(self.rng.random() * len(pool))]
        low = key[0].lower() + key[1:]
        if low != key:
            value = self[low]
            return value[:1].upper() + value[1:]
        person = self.people.get(key)
        if person is not None:  # a mention: full name (with title) first, surname after
            if key in self.mentioned:
                return person.last
            self.mentioned.add(key)
            return _ROLE_TITLES.get(key, "") + person.full
        if key.endswith("_age"):
            person = self.people.get(key[:-4])
            if person is not None:
                return str(person.age_at(self.day))
        raise KeyError(key)


def _day_phrase(event: date, day: date) -> str:
    delta = (day - event).days
    if 0 <= delta <= 5:
        return _WEEKDAYS[event.weekday()]
    return f"{_MONTHS[event.month - 1]} {event.day}"


def _quote_sentence(rng: random.Random, sl: _Slots, qpool: tuple[str, ...], roles: list[str],
                    last_role: list[str | None]) -> str:
    q = _render(rng, _pick(rng, qpool if rng.random() < 0.7 else _C_QUOTE_GENERIC), sl)
    r = rng.random()
    if r < 0.12:
        org = sl["org"]
        return f'"{q}," a spokesperson for the {org} told {sl["paper"]}.'
    role = last_role[0] if (last_role[0] and rng.random() < 0.5) else _pick(rng, roles)
    person = sl.people[role]
    pron = "she" if person.female else "he"
    if role == last_role[0] and role in sl.mentioned and r < 0.4:
        return f'"{q}," {pron} {_pick(rng, ("said", "added", "said", "continued"))}.'
    last_role[0] = role
    name = sl[role]
    if r < 0.55:
        q2 = _render(rng, _pick(rng, _C_QUOTE_GENERIC), sl)
        return f'"{q}," {name} said. "{q2}."'
    if r < 0.7:
        return f'{name} told {sl["paper"]}: "{q}."'
    if r < 0.78:
        return f"{name} {sl['said']} it was \"{q[:1].lower() + q[1:]}.\""
    return f'"{q}," {name} {sl["said"]}.'


class _Deck:
    """Templates drawn without replacement until all were used, then reshuffled."""

    __slots__ = ("rng", "items", "left")

    def __init__(self, rng: random.Random, items) -> None:
        self.rng = rng
        self.items = items
        self.left: list = []

    def draw(self):
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


def _compose(rng: random.Random, story: _Story, day: date, episode: int, outlet: OutletInfo,
             words_wanted: int) -> tuple[str, list[list[str]]]:
    """Headline and paragraphs (lists of sentences) of one article."""
    kt = _C_KIND[story.kind]
    sl = _Slots(story.slots, rng, story.people, day)
    sl["day"] = _day_phrase(story.event, day)
    d2 = day + timedelta(days=int(1 + rng.random() * 6))
    sl["day2"] = _WEEKDAYS[d2.weekday()]
    sl["paper"] = outlet.short
    roles = [r for r in story.people if r not in ("vic",)]
    headline = _render(rng, _pick(rng, kt["headline"]), _Slots(story.slots, rng, {}, day))
    if episode:
        headline = _pick(rng, ("One year on: ", "Months later: ", "", "After the headlines: ")
                         ) + headline
        lede = _render(rng, _pick(rng, kt["follow"]), sl)
    else:
        lede = _render(rng, _pick(rng, kt["lede"]), sl)
        if rng.random() < 0.3:
            lede = f"{story.slots['place'].upper()} — {lede}"
    paragraphs: list[list[str]] = [[lede]]
    words = lede.count(" ") + 1
    quotes = kt["quote"]
    facts = _Deck(rng, kt["fact"])
    generic = _Deck(rng, _C_GENERIC)
    last_role: list[str | None] = [None]
    while words < words_wanted:
        para: list[str] = []
        for _ in range(1 + int(rng.random() * 3)):
            r = rng.random()
            if r < 0.45:
                s = _render(rng, facts.draw(), sl)
            elif r < 0.75:
                s = _quote_sentence(rng, sl, quotes, roles, last_role)
            else:
                s = _render(rng, generic.draw(), sl)
            para.append(s[:1].upper() + s[1:])
            words += s.count(" ") + 1
            if s[0] == '"' or words >= words_wanted:
                break  # quotes stand in their own paragraph, as news copy does
        paragraphs.append(para)
    return headline, paragraphs


def _assemble(paragraphs: list[list[str]], insert_at: int | None = None,
              insert: str | None = None) -> tuple[str, list[tuple[int, int]], tuple[int, int]]:
    """Join paragraphs; returns text, sentence spans and the span of the inserted passage."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    ins_span = (0, 0)
    pos = 0
    for i, para in enumerate(paragraphs):
        if insert is not None and i == insert_at:
            if parts:
                parts.append("\n\n")
                pos += 2
            parts.append(insert)
            ins_span = (pos, pos + len(insert))
            pos += len(insert)
        if parts:
            parts.append("\n\n")
            pos += 2
        for j, s in enumerate(para):
            if j:
                parts.append(" ")
                pos += 1
            parts.append(s)
            spans.append((pos, pos + len(s)))
            pos += len(s)
    if insert is not None and (insert_at is None or insert_at >= len(paragraphs)):
        parts.append("\n\n")
        pos += 2
        parts.append(insert)
        ins_span = (pos, pos + len(insert))
    return "".join(parts), spans, ins_span


def _edit_passage(rng: random.Random, text: str) -> tuple[str, tuple[str, ...]]:
    """A lightly edited copy, as another desk would run wire copy."""
    edits: list[str] = []
    n_sub = 0
    for old, new in _SUBSTITUTIONS:
        if n_sub >= 3:
            break
        if old in text and rng.random() < 0.3:
            text = text.replace(old, new, 1)
            n_sub += 1
    if n_sub:
        edits.append("substitution")
    if "\n\n" in text and rng.random() < 0.3:
        text = text.replace("\n\n", " ", 1)
        edits.append("reflow")
    elif rng.random() < 0.2:
        cut = text.find(". ", len(text) // 3)
        if 0 < cut < len(text) - 3:
            text = text[:cut + 1] + "\n\n" + text[cut + 2:]
            edits.append("split")
    if rng.random() < 0.15:
        sp = text.find(" ", len(text) // 2)
        if sp > 0:
            text = text[:sp] + " (sic)" + text[sp:]
            edits.append("sic")
    if rng.random() < 0.1:
        cut = text.find(". ", len(text) // 4)
        if 0 < cut < len(text) - 3:
            text = text[:cut] + ".." + text[cut + 1:]
            edits.append("doubled_period")
    return text, tuple(edits)


def _pick_passage(rng: random.Random, text: str, spans: list[tuple[int, int]]
                  ) -> tuple[int, int, int]:
    """Whole sentences of 20-300 words: (start, end, words)."""
    wanted = int(20 + (rng.random() ** 1.5) * 280)
    i = int(rng.random() * len(spans))
    j = i
    words = len(text[spans[i][0]:spans[i][1]].split())
    while words < wanted and j + 1 < len(spans):
        add = len(text[spans[j][1]:spans[j + 1][1]].split())  # may hold an earlier copy
        if words + add > 300:
            break
        j += 1
        words += add
    while words < 20 and i > 0:
        add = len(text[spans[i - 1][0]:spans[i][0]].split())
        if words + add > 300:
            break
        i -= 1
        words += add
    return spans[i][0], spans[j][1], words


def _slug(title: str) -> str:
    out = []
    for ch in title.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    return "-".join(slug.split("-")[:9])


# --------------------------------------------------------------------------------------------
# The stream
# --------------------------------------------------------------------------------------------

def generate_with_truth(
    n: int, *, seed: int = 0, start: date = date(2025, 1, 1), days: int = 365,
    outlets: int = 40, story_size: tuple[int, int] = (1, 12), reuse_rate: float = 0.2,
) -> Iterator[tuple[Article, ArticleTruth]]:
    """``n`` articles in publication order, each with its ground truth.

    Stories start evenly over ``days`` days from ``start``; a story has ``story_size`` articles
    (inclusive range) published over a few days, and about one story in five of three articles
    or more has its last articles as a follow-up 1 to 13 months later (an anniversary in half of
    those). About ``reuse_rate`` of all articles carry a 20-300 word passage copied, lightly
    edited, from an earlier article of the same story, usually from another outlet.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if days < 1:
        raise ValueError(f"days must be >= 1, got {days}")
    lo, hi = story_size
    if not 1 <= lo <= hi:
        raise ValueError(f"story_size must be (lo, hi) with 1 <= lo <= hi, got {story_size}")
    if not 0.0 <= reuse_rate <= 1.0:
        raise ValueError(f"reuse_rate must be between 0 and 1, got {reuse_rate}")
    outlet_list = outlet_catalogue(outlets, seed)
    rng = random.Random(seed)
    namer = _Namer(rng)
    mean = (lo + hi) / 2
    p_reuse = min(1.0, reuse_rate * mean / (mean - 1)) if mean > 1 else 0.0
    start_dt = datetime(start.year, start.month, start.day, tzinfo=UTC)
    last_day = start_dt + timedelta(days=days)

    heap: list[tuple[datetime, int, _Story, int]] = []
    seq = 0
    planned = 0
    emitted = 0
    story_no = 0

    def emit(item: tuple[datetime, int, _Story, int]) -> tuple[Article, ArticleTruth]:
        nonlocal emitted
        published, _, story, episode = item
        day = published.date()
        # reuse: copy from an earlier article of this story
        source = None
        if story.sources and rng.random() < p_reuse:
            earlier = [s for s in story.sources if s[3] < published]
            if earlier:
                source = _pick(rng, earlier)
        if source is not None and len(outlet_list) > 1:
            oi = int(rng.random() * (len(outlet_list) - 1))
            if oi >= source[4]:
                oi += 1
        else:
            oi = int(rng.random() * len(outlet_list))
        outlet = outlet_list[oi]
        # 300-840 words wanted; the last sentence may overshoot by a few dozen
        words_wanted = int(300 + rng.random() * 540)
        passage = None
        reuse: tuple[ImplantedReuse, ...] = ()
        if source is not None:
            src_id, src_text, src_spans, _, _ = source
            ps, pe, pwords = _pick_passage(rng, src_text, src_spans)
            edited, edits = _edit_passage(rng, src_text[ps:pe])
            passage = (src_id, ps, pe, pwords, edited, edits)
            words_wanted = max(words_wanted - len(edited.split()), 60)
        headline, paragraphs = _compose(rng, story, day, episode, outlet, words_wanted)
        if passage is not None:
            at = 1 + int(rng.random() * len(paragraphs))
            text, spans, (ts, te) = _assemble(paragraphs, at, passage[4])
        else:
            text, spans, _ = _assemble(paragraphs)
        url = (f"https://{outlet.domain}/{published.year}/{published.month:02d}/"
               f"{_slug(headline)}-{emitted + 1}")
        aid = Article.make_id(outlet.name, url, text)
        if passage is not None:
            reuse = (ImplantedReuse(passage[0], passage[1], passage[2], aid, ts, te, passage[3],
                                    passage[5]),)
        ext = f"syn-{emitted:06d}"
        emitted += 1
        story.remaining -= 1
        if story.remaining == 0:
            story.sources.clear()
        elif len(story.sources) < 3:
            story.sources.append((aid, text, spans, published, oi))
        art = Article(id=aid, outlet=outlet.name, url=url, published=published, title=headline,
                      text=text, source=Source(path=f"synthetic:seed={seed}", record=ext),
                      external_id=ext)
        truth = ArticleTruth(story=story.id, kind=story.kind, episode=episode, reuse=reuse,
                             people=tuple(p.full for p in story.people.values()),
                             place=story.slots["place"])
        return art, truth

    while planned < n:
        size = min(lo + int(rng.random() * (hi - lo + 1)), n - planned)
        first_day = start_dt + timedelta(days=int(planned / n * days))
        while heap and heap[0][0] < first_day:
            yield emit(heapq.heappop(heap))
        story = _plan_story(rng, namer, f"story-{story_no:06d}",
                            (first_day - timedelta(days=int(rng.random() * 2))).date(), size)
        story_no += 1
        follow = 0
        if size >= 3 and rng.random() < 0.2:
            follow = 1 + int(rng.random() * min(2, size - 2))
        follow_day = None
        if follow:
            gap = 365 if rng.random() < 0.5 else int(30 + rng.random() * 370)
            follow_day = first_day + timedelta(days=gap)
            if follow_day >= last_day:
                follow_day = None
        for k in range(size):
            if follow_day is not None and k >= size - follow:
                when, episode = follow_day + timedelta(days=int(rng.random() * 2)), 1
            else:
                when = first_day + timedelta(days=(0, 0, 0, 1, 1, 2, 3)[
                    int(rng.random() * 7)] if k else 0)
                episode = 0
            when = when + timedelta(minutes=int(360 + rng.random() * 960))
            if when >= last_day:
                when = last_day - timedelta(minutes=1 + int(rng.random() * 300))
            heapq.heappush(heap, (when, seq, story, episode))
            seq += 1
        planned += size
    while heap:
        yield emit(heapq.heappop(heap))


def generate_articles(
    n: int, *, seed: int = 0, start: date = date(2025, 1, 1), days: int = 365,
    outlets: int = 40, story_size: tuple[int, int] = (1, 12), reuse_rate: float = 0.2,
) -> Iterator[Article]:
    """``n`` fictional news articles in publication order (see :func:`generate_with_truth`)."""
    for article, _ in generate_with_truth(n, seed=seed, start=start, days=days, outlets=outlets,
                                          story_size=story_size, reuse_rate=reuse_rate):
        yield article


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def _published_iso(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def write_jsonl(articles: Iterable[Article], path: str | os.PathLike[str]) -> int:
    """One JSON object a line (``id``, ``title``, ``text``, ``url``, ``outlet``, ``published``);
    gzip when the path ends in ``.gz``. Returns the number of articles written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({
                "id": a.external_id or a.id, "title": a.title, "text": a.text, "url": a.url,
                "outlet": a.outlet, "published": _published_iso(a),
            }, ensure_ascii=False))
            fh.write("\n")
            count += 1
    return count


def _stem(article: Article) -> str:
    return article.external_id or article.id


def write_text_files(articles: Iterable[Article], folder: str | os.PathLike[str]) -> int:
    """One ``<external id>.txt`` per article in the seed format: title line, blank line, text."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for a in articles:
        body = f"{a.title}\n\n{a.text}\n" if a.title else f"{a.text}\n"
        (folder / f"{_stem(a)}.txt").write_text(body, encoding="utf-8")
        count += 1
    return count


_NAV = ("Home", "Local", "Region", "Politics", "Business", "Sport", "Culture", "Opinion")
_FOOTER = ("About us", "Contact", "Advertise", "Privacy policy", "Terms of use", "Cookie settings",
           "Corrections", "Newsletters")


def _html_page(a: Article) -> str:
    e = html.escape
    site = a.outlet or "News"
    domain = a.url.split("/")[2] if a.url else "news.example"
    pub = _published_iso(a) or ""
    day = a.published_date.isoformat() if a.published_date else ""
    nav = "".join(f'<li><a href="https://{domain}/{x.lower()}/">{x}</a></li>' for x in _NAV)
    paras = "\n".join(f"<p>{e(p)}</p>" for p in a.text.split("\n\n"))
    foot = " | ".join(f'<a href="https://{domain}/{x.lower().replace(" ", "-")}/">{x}</a>'
                      for x in _FOOTER)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{e(a.title or '')} | {e(site)}</title>\n"
        f'<meta property="og:site_name" content="{e(site)}">\n'
        f'<meta property="og:title" content="{e(a.title or "")}">\n'
        f'<meta property="og:url" content="{e(a.url or "")}">\n'
        f'<meta property="article:published_time" content="{pub}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="canonical" href="{e(a.url or "")}">\n'
        "</head>\n<body>\n"
        f'<header class="masthead"><a class="logo" href="https://{domain}/">{e(site)}</a>\n'
        f'<nav class="main-nav"><ul>{nav}</ul></nav></header>\n'
        '<main>\n<article class="story">\n'
        f'<h1 class="headline">{e(a.title or "")}</h1>\n'
        f'<div class="byline">By Staff Reporter · <time datetime="{pub}">{day}</time></div>\n'
        f'<div class="story-body">\n{paras}\n</div>\n</article>\n'
        '<aside class="related"><h2>More from ' + e(site) + "</h2><ul>"
        f'<li><a href="https://{domain}/local/">Latest local news</a></li>'
        f'<li><a href="https://{domain}/region/">Around the region</a></li>'
        f'<li><a href="https://{domain}/newsletters/">Sign up for our morning briefing</a></li>'
        "</ul></aside>\n</main>\n"
        f'<footer class="site-footer"><p>{foot}</p>'
        f"<p>&copy; {a.published_date.year if a.published_date else ''} {e(site)}. "
        "All rights reserved.</p></footer>\n</body>\n</html>\n"
    )


def write_html_files(articles: Iterable[Article], folder: str | os.PathLike[str]) -> int:
    """One ``<external id>.html`` news page per article (head metadata, nav, article, aside,
    footer), as a news site would serve it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for a in articles:
        (folder / f"{_stem(a)}.html").write_text(_html_page(a), encoding="utf-8")
        count += 1
    return count
