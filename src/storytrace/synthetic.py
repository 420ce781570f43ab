"""A seeded generator of a fictional news corpus, for benchmarks and tests.

Every name, place, outlet and event is invented from word lists in this module. Articles are
grouped into stories (one event: a fire, an election, a trial, an earthquake, celebrity news, a
match); the articles of a story share people, place, organisations, topic words and dates, some
stories get a follow-up episode months later, a share of articles carry a passage copied, lightly
edited, from an earlier article of the same story (wire copy), and every story has statements
its people gave that its articles quote verbatim (the first two articles of an episode always,
later ones often). Quotes have named speakers; ages, births, deaths and relations are stated
consistently; about :data:`UNDATED_RATE` of the articles are printed without a date. The ground
truth of all of this comes with :func:`generate_with_truth`.

Text is varied, as real news is: a sentence is a short skeleton whose slots are filled
independently (organisations, people, places, streets, numbers, dates, noun phrases built from
several hundred modifiers, nouns, adjectives and verbs, clause order), so unrelated articles
share almost no run of eight words apart from genuine stock phrases (:data:`STOCK_PHRASES`),
and the reuse stage finds the story's copies and statements, not the templates.

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
    "STOCK_PHRASES", "UNDATED_RATE", "ArticleTruth", "ImplantedReuse", "OutletInfo",
    "generate_articles", "generate_with_truth", "outlet_catalogue", "write_html_files",
    "write_jsonl", "write_text_files",
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
    published: datetime | None = None
    """When the article was published, also for the articles printed without a date."""


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

STOCK_PHRASES = (
    "a spokesperson for the", "said in a statement", "according to the", "told reporters",
    "the cause of the fire", "the cause of the blaze", "is under investigation",
    "has not been established", "is not yet known", "has pleaded not guilty to the charge",
    "was shown a red card", "sent off", "per cent", "at the end of", "by the end of",
    "confirmed the birth to", "a representative for", "have become parents to",
    "the first photos of", "the first pictures of",
    "in front of", "died in hospital", "died at the scene", "died before help arrived",
    "the site of", "on the set of",
)
"""Stock phrases of news copy that the generated articles share with one another as real
articles do; apart from them, unrelated articles share hardly any run of eight words."""

UNDATED_RATE = 0.02
"""Share of articles printed without a publication date (their truth keeps the date)."""

_KINDS = ("fire", "election", "trial", "earthquake", "celebrity", "sport")

# Per kind: fixed choices drawn once per story.
_BUILDINGS = (
    "warehouse", "apartment block", "timber yard", "cannery", "furniture store",
    "school gymnasium", "bakery", "storage depot", "textile mill", "boatyard",
)
_OFFICES = ("mayor", "council seat", "regional assembly seat", "harbour board chair",
            "deputy mayor", "county seat", "school board seat", "water board chair",
            "ward seat", "district seat", "port commissioner", "parish chair")
_PARTIES = (
    "Civic Renewal Party", "Harbor Labour League", "Progressive Commons", "Liberty and Land",
    "Green Covenant", "Townsfolk Alliance", "Coastal Independents", "Market Liberals",
    "Workers' Union List", "New Harbour Movement", "Rural Voice", "Citizens First",
)
_CHARGES = (
    "fraud", "arson", "embezzlement", "assault", "bribery", "money laundering", "perjury",
)
_SHOWS = (
    "Midnight Orchard", "The Copper Years", "Salt and Lanterns", "Northern Lights Tonight",
    "The Quiet Tide", "Paper Crowns", "Velvet Hour", "Saltmarsh", "The Long Shore",
    "Glasshouse", "Lantern Street", "Kings of Nowhere", "After the Rain", "Brass Monkeys",
    "The Ferryman", "Wild Acre",
)
_STAR_ROLES = ("singer", "actor", "television presenter", "actress", "comedian", "songwriter")
_CLUBS = ("Rovers", "United", "Athletic", "Wanderers", "Harriers", "City")
_CUPS = ("Coastal Cup", "Regional Shield", "Federation Trophy", "Harbour League title")
_CHILD_NAMES_F = ("Juniper", "Clementine", "Marigold", "Saffi", "Oriel", "Bluebell", "Io",
                  "Wilhelmina", "Posy", "Elodie", "Tallulah", "Primrose", "Sunniva", "Ottoline",
                  "Delphi", "Azalea", "Minnow", "Fern")
_CHILD_NAMES_M = ("Arlo", "Fenn", "Bartholomew", "Ozzie", "Cassius", "Rumi", "Tay", "Alfie",
                  "Bodhi", "Crispin", "Digby", "Ezra", "Fox", "Hugo", "Lorcan", "Otto", "Rafe",
                  "Wolf")

# Word lists of the sentence grammar. A sentence is a short skeleton whose slots are filled
# independently from these lists (and from the story: names, places, numbers), so two unrelated
# articles rarely share more than a few words in a row; genuine stock phrases ("said in a
# statement", "according to") are shared, as in real news.
def _words(text: str) -> tuple[str, ...]:
    return tuple(" ".join(w.split()) for w in text.split(",") if w.strip())


_MOD = _words("""
harbour, ferry, drainage, pension, zoning, library, bus, water, housing, school, parking, flood,
road, bridge, market, tourism, fishing, timber, grain, rail, hospital, clinic, waste, recycling,
energy, heating, broadband, planning, licensing, policing, youth, playground, allotment,
cemetery, museum, theatre, festival, sports, swimming, cycling, footpath, sewer, storm, river,
canal, quarry, farm, dairy, orchard, forestry, wildlife, heritage, transport, freight, airport,
ambulance, dental, nursery, childcare, postal, council tax, rent, tenancy, street lighting,
pavement, tram, taxi, coach, lorry, seafront, promenade, pier, lighthouse, shipyard, marina,
boatyard, brewery, laundry, cinema, concert hall, choir, chess club, rowing, sailing, hockey,
cricket, tennis, bowling green, golf course, rugby, netball, athletics, marathon, carnival,
fireworks, lantern parade, flower show, community garden, park, woodland, meadow, wetland,
dune, cliff path, beach, reservoir, pumping station, sewage, landfill, compost, solar, wind farm,
battery storage, car charging, power grid, phone mast, radio, printing, bookshop, pharmacy,
maternity, hospice, home care, veterans, student, apprenticeship, job centre, minimum wage,
overtime, staffing, recruitment, volunteer, charity shop, lottery, small business, mortgage,
insurance, compensation, procurement, catering, cleaning, security, speed camera, traffic light,
roundabout, cycle lane, bus lane, ring road, bypass, level crossing, tunnel, slipway, sea wall,
breakwater, dredging, lifeboat, coastguard, mountain rescue, snow clearing, gritting, pothole,
bin collection, fly-tipping, graffiti, noise, air quality, tree planting, hedgerow, pollinator,
beekeeping, food bank, soup kitchen, night shelter, warm space, youth club, skate park, splash
pad, paddling pool, lido, bandstand, clock tower, war memorial, town square, high street,
covered market, farmers' market, street food, night-time economy, licensing hours, taxi rank,
coach park, park-and-ride, ferry terminal, cruise berth, fish market, cold store, grain silo
""")
_HEAD = _words("""
budget, contract, plan, review, inspection, scheme, project, levy, fund, grant, survey, report,
strategy, tender, upgrade, repairs, closure, extension, consultation, audit, licence, permit,
subsidy, overhaul, deficit, backlog, shortfall, agreement, dispute, petition, study, timetable,
deadline, rules, charges, fees, works, programme, rota, waiting list, appeal, inquiry, ballot,
tariff, quota, forecast, estimate, proposal, bid, merger, lease, rebuild, refit, expansion,
pilot, roadmap, blueprint, register, hotline, website, newsletter, handbook, guidelines,
framework, shake-up, freeze, spending cap, ban, curfew, crackdown, rebate, refund scheme,
voucher scheme, surcharge, allowance, pay deal, pay offer, walkout, protest, vigil, rally,
sit-in, boycott, campaign, fundraiser, auction, raffle, open day, exhibition, tournament,
refurbishment, demolition, relocation, redevelopment, regeneration, clean-up, trust fund,
business case, feasibility study, risk register, action plan, master plan, five-year plan,
price rise, price cap, staffing rota, opening hours, parking rules, speed limit, weight limit,
one-way system, permit scheme, loan, overspend, underspend, reserve fund, sinking fund, bond,
share offer, rescue package, bailout, takeover, sale, purchase, valuation, land swap, covenant,
right of way, boundary, annexe, car park, depot, workshop, yard, office, warehouse, shed,
pavilion, clubhouse, kiosk, cafe, toilets, changing rooms, floodlights, scoreboard, stand,
terrace, footbridge, jetty, pontoon, moorings, slipway, lock gates, sluice, culvert, weir
""")
_ADJ = _words("""
long-delayed, controversial, revised, costly, modest, ambitious, temporary, permanent,
independent, annual, quarterly, unpublished, draft, overdue, fragile, ageing, crumbling,
stalled, disputed, popular, unpopular, cross-party, emergency, interim, much-criticised,
widely praised, hastily drawn-up, scaled-back, expanded, redesigned, part-funded, privately
run, volunteer-led, council-run, half-finished, oversubscribed, underused, under-funded,
long-awaited, shelved, rival, competing, separate, second, third, latest, earlier, original,
initial, updated, ten-year, five-year, two-year, multi-million, cut-price, low-cost, free,
voluntary, compulsory, seasonal, weekly, monthly, nightly, overnight, weekend, summer, winter,
spring, autumn, neighbourhood, county-wide, regional, rural, coastal, inland, northern,
southern, eastern, western, riverside, hillside, lakeside, suburban, experimental, makeshift,
bare-bones, no-frills, flagship, pilot, one-off, rolling, phased, joint,
shared, community-owned, family-run, cash-strapped, debt-laden, loss-making, profitable,
record-breaking, unprecedented, routine, unannounced, surprise, last-minute, belated, fresh,
renewed, watered-down, beefed-up, streamlined, simplified, stricter, looser, cheaper, dearer,
larger, smaller, busier, quieter, safer, greener, leaner, slower, faster, older, newer
""")
_VERBS = _words("""
approved, rejected, delayed, questioned, defended, announced, postponed, scrapped, revived,
funded, reviewed, challenged, backed, criticised, welcomed, published, extended, cut, doubled,
paused, signed off/signed off, pushed back/pushed back, put forward/put forward, drew up/drawn up,
tore up/torn up, set aside/set aside, called off/called off, brought forward/brought forward,
took over/taken over, handed back/handed back, opened, closed, reopened, relaunched, rebranded,
renamed, restructured, streamlined, simplified, tightened, relaxed, overturned, upheld,
blocked, cleared, voted down/voted down, voted through/voted through, waved through/waved
through, rubber-stamped, quietly dropped, mothballed, costed, audited, inspected, surveyed,
mapped, tested, trialled, piloted, expanded, trimmed, raised, lowered, froze/frozen, capped,
topped up/topped up, matched, promised, pledged, earmarked, ring-fenced, diverted,
reallocated, advertised, promoted, sponsored, hosted, organised, staged, chaired, led/led,
oversaw/overseen, coordinated, monitored, logged, counted, collected, compiled, circulated,
leaked, withheld/withheld, released, shared, printed, distributed, installed, replaced,
repaired, repainted, resurfaced, rebuilt/rebuilt, demolished, fenced off/fenced off, boarded
up/boarded up, cleaned up/cleaned up, planted, renegotiated, retendered, outsourced, brought
back in-house/brought back in-house, insured, valued, sold/sold, bought/bought, leased,
sublet/sublet, mortgaged, underwrote/underwritten, guaranteed, refinanced, wrote off/written off
""")
_VBASE = _words("""
fix, fund, review, reopen, rebuild, protect, support, publish, challenge, question, defend,
finish, complete, restore, replace, repair, extend, improve, expand, simplify, explain,
investigate, examine, check, test, monitor, share, release, rethink, scrap, pause, rescue,
save, keep, staff, insure, clean up, sort out, pay for, push for, argue for, fight, resist,
oppose, veto, delay, rename, relocate, downsize, enlarge, rebrand, reprice, audit, survey,
inspect, cost, value, sell, buy, lease, modernise, rewire, repaint, resurface, replant,
restock, reinstate, subsidise, underwrite, advertise, promote, host, sponsor, chair, reform
""")
_OCC = _words("""
retired teacher, bus driver, nurse, shopkeeper, fisherman, electrician, plumber, baker, florist,
pharmacist, librarian, postal worker, taxi driver, farmer, builder, architect, engineer,
accountant, solicitor, cafe owner, hairdresser, mechanic, carpenter, landlord, tenant,
student, lecturer, head teacher, caretaker, gardener, lifeguard, ferry captain, harbour pilot,
dock worker, warehouse manager, estate agent, surveyor, dentist, vet, paramedic, care worker,
childminder, youth worker, social worker, charity worker, volunteer, local councillor,
campaigner, local historian, photographer, musician, painter, potter, chef, waiter, barista,
publican, brewer, butcher, fishmonger, grocer, newsagent, tailor, cobbler, jeweller,
locksmith, printer, bookseller, freelance journalist, radio host, coach driver, lorry driver,
crane operator, site manager, night watchman, security guard, parking attendant, park ranger,
beekeeper, shepherd, vineyard owner, boat builder, sailmaker, market trader, stallholder,
retired engineer, retired nurse, retired police officer, former councillor, school governor,
parish clerk, church warden, allotment holder, swimming coach, dance teacher, driving instructor
""")
_GROUPS = _words("""
councillors, shopkeepers, ferry workers, parents, pensioners, students, tenants, landlords,
cyclists, dog walkers, anglers, farmers, fishermen, nurses, teachers, bus drivers, taxi drivers,
market traders, stallholders, residents, neighbours, commuters, volunteers, campaigners,
churchgoers, allotment holders, beach hut owners, boat owners, cafe owners, publicans,
hoteliers, guesthouse owners, carers, care workers, paramedics, dock workers, warehouse staff,
cleaners, caretakers, librarians, lifeguards, rowers, sailors, runners, swimmers,
birdwatchers, walkers, bell ringers, choir members, season-ticket holders, school governors,
trustees, inspectors, auditors, engineers, surveyors, planners, contractors, builders,
first-time buyers, small landlords, young families, night-shift workers, delivery drivers,
hospital staff, union members, club members, local historians, business owners
""")
_BODY = _words("""
Harbour Board, Parish Council, Water Authority, Chamber of Commerce, Housing Trust, Transport
Partnership, Civic Society, Residents' Association, Traders' Association, Rotary Club, Lifeboat
Station, Rowing Club, Sailing Club, Allotment Society, Heritage Trust, Arts Council, Youth Forum,
Hospital Trust, School Board, Friends of the Library, Ramblers' Club, Business Forum, Tenants'
Union, Ferry Company, Bus Cooperative, Credit Union, Food Bank, Community Trust, Flood Action
Group, Cycling Campaign, Wildlife Trust, Historical Society, Chess Club, Choral Society,
Cricket Club, Bowls Club, Angling Society, Tourism Board, Planning Committee, Licensing
Committee, Scrutiny Panel, Pension Fund, Energy Cooperative, Market Company, Dock Company,
Carnival Committee, Swimming Club, Theatre Company, Museum Trust, Drainage Board
""")
_BLDG = _words("""
depot, library, pier, market hall, town hall, leisure centre, community centre, bus station,
ferry terminal, car park, bandstand, clock tower, post office, health centre, fire station,
police station, courthouse, sports ground, recreation ground, boating lake, war memorial, old
mill, quayside, high street, primary school, secondary school, college, swimming baths, church
hall, scout hut, village green, retail park, industrial estate, business park, marina, fish
quay, railway station, level crossing, footbridge, harbour wall, lighthouse, ice rink, museum,
gallery, cinema, bowling alley, garden centre, supermarket, petrol station
""")
_PREP_AT = ("near", "outside", "behind", "next to", "opposite", "beside", "across from",
            "around", "at", "by")
_MODALS = ("will", "are going to", "want to", "have to", "need to", "hope to", "plan to",
           "intend to", "are ready to", "are determined to", "promise to", "would like to")
_SAY = ("said", "said", "said", "told reporters", "added", "noted", "explained", "wrote",
        "said on social media", "told a meeting", "said in an email", "told local radio")
_STATE = _words("""
on hold, under review, in limbo, unfunded, closed, half finished, over budget, behind
schedule, in doubt, on track, ahead of schedule, shelved, stuck in committee, out to
consultation, in court, mired in paperwork, still unsigned, still unpaid, unresolved, losing
money, barely breaking even, oversubscribed, undersubscribed, a sore point, a running joke,
overdue, stalled, paused, dormant, in disarray, in good shape, a mess, a success, a
disappointment, popular, unpopular, controversial, quietly forgotten, much delayed
""")
_FEEL = _words("""
shaken, relieved, angry, exhausted, hopeful, stunned, grateful, uneasy, furious, baffled,
worried, optimistic, cautious, let down, fed up, heartened, sceptical, nervous, upbeat, weary
""")
_PART = ("morning", "afternoon", "evening", "night")
_UNITS_T = ("days", "weeks", "months")
_EXCL = ("Honestly", "Frankly", "Look", "To be fair", "Believe me", "Put simply", "In the end",
         "Right now", "For the record", "Truthfully", "Sadly", "Clearly", "Plainly", "Today",
         "Again", "Still", "Of course", "Listen", "Mind you", "Either way")
_KIN = ("family", "neighbours", "parents", "grandparents", "friends", "colleagues", "customers",
        "staff", "members", "regulars", "pupils", "tenants")


def _an(word: str) -> str:
    return "an" if word[:1] in "aeiouAEIOU" else "a"


def _verb_forms(items: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out = []
    for item in items:
        past, _, participle = item.partition("/")
        out.append((past, participle or past))
    return tuple(out)


_VERB_FORMS = _verb_forms(_VERBS)
_SURNAMES = tuple(a + b for a in _SUR_A for b in _SUR_B)
_FIRST = _FEMALE + _MALE


# Generated slots: a fresh phrase at every use. ``sl`` is the article's ``_Slots``.
def _g_mod(sl) -> str:
    r = sl.rng.random()
    pool = sl.topic_mod if r < 0.35 else _MOD
    return _pick(sl.rng, pool)


def _g_head(sl) -> str:
    r = sl.rng.random()
    pool = sl.topic_head if r < 0.35 else _HEAD
    return _pick(sl.rng, pool)


def _g_adj(sl) -> str:
    return _pick(sl.rng, _ADJ)


def _g_np(sl) -> str:
    rng = sl.rng
    r = rng.random()
    mod, head = _g_mod(sl), _g_head(sl)
    if r < 0.25:
        return f"the {mod} {head}"
    if r < 0.5:
        return f"the {_g_adj(sl)} {mod} {head}"
    if r < 0.6:
        adj = _g_adj(sl)
        return f"{_an(adj)} {adj} {mod} {head}"
    if r < 0.7:
        return f"{sl['place']}'s {mod} {head}"
    if r < 0.8:
        return f"the {head} for the {mod} {_pick(rng, _BLDG)}"
    if r < 0.9:
        return f"the {_g_adj(sl)} {head} at the {_pick(rng, _BLDG)}"
    return f"{sl['place']}'s {_g_adj(sl)} {head}"


def _g_town(sl) -> str:
    return sl["place"] if sl.rng.random() < 0.5 else _town(sl.rng)


def _g_org(sl) -> str:
    rng = sl.rng
    r = rng.random()
    if r < 0.25:
        return f"the {sl['org']}"
    if r < 0.5:
        return f"the {sl['place']} {_pick(rng, sl.topic_body)}"
    return f"the {_g_town(sl)} {_pick(rng, _BODY)}"


def _g_person(sl) -> str:
    rng = sl.rng
    occ = _pick(rng, _OCC)
    first = _pick(rng, _FIRST)
    return f"{occ} {first} {_pick(rng, _SURNAMES)}"


def _g_actor(sl) -> str:
    rng = sl.rng
    r = rng.random()
    if r < 0.4:
        return _g_org(sl)
    if r < 0.55:
        occ = _pick(rng, _OCC)
        return f"{_an(occ)} {occ} from {_g_town(sl)}"
    if r < 0.7:
        return f"{_g_count(sl)} {_pick(rng, _GROUPS)}"
    if r < 0.85:
        return _g_person(sl)
    return f"{_pick(rng, _GROUPS)} in {_g_town(sl)}"


def _g_count(sl) -> str:
    r = sl.rng.random()
    if r < 0.5:
        return _NUM_WORDS[2 + int(r * 20)]
    return str(int(12 + sl.rng.random() * 380))


def _g_count2(sl) -> str:
    r = sl.rng.random()
    return f"{int(1 + r * 40)},{int(sl.rng.random() * 900) + 100}" if r < 0.5 else \
        str(int(150 + sl.rng.random() * 850))


def _g_money(sl) -> str:
    rng = sl.rng
    r = rng.random()
    if r < 0.4:
        return f"{int(1 + rng.random() * 60)}.{int(rng.random() * 10)} million"
    if r < 0.8:
        return f"{int(20 + rng.random() * 980)},000"
    return f"{int(1 + rng.random() * 9)},{int(rng.random() * 900) + 100},000"


def _g_month(sl) -> str:
    return _MONTHS[int(sl.rng.random() * 12)]


def _g_year(sl) -> str:
    return str(sl.day.year - int(1 + sl.rng.random() * 30))


def _g_when(sl) -> str:
    rng = sl.rng
    r = rng.random()
    wd = _WEEKDAYS[int(rng.random() * 7)]
    if r < 0.08:
        return f"on {wd}"
    if r < 0.15:
        return f"on {_g_month(sl)} {int(1 + rng.random() * 28)}"
    if r < 0.3:
        return f"on {wd} {_PART[int(rng.random() * 4)]}"
    if r < 0.4:
        return f"{('late', 'early')[int(rng.random() * 2)]} on {wd}"
    if r < 0.5:
        return f"last {('week', 'month', 'year', 'spring', 'autumn')[int(rng.random() * 5)]}"
    if r < 0.6:
        return f"{_pick(rng, ('in ', 'in early ', 'in mid-', 'in late '))}{_g_month(sl)}"
    if r < 0.7:
        return f"{_NUM_WORDS[2 + int(rng.random() * 9)]} {_UNITS_T[int(rng.random() * 3)]} ago"
    if r < 0.8:
        return f"earlier this {('week', 'month', 'year')[int(rng.random() * 3)]}"
    if r < 0.9:
        return f"at the end of {_g_month(sl)}"
    return f"{('this', 'last')[int(rng.random() * 2)]} {wd}"


def _g_whenf(sl) -> str:
    rng = sl.rng
    r = rng.random()
    if r < 0.2:
        return f"by {_g_month(sl)}"
    if r < 0.35:
        return f"next {('week', 'month', 'year', 'spring', 'summer')[int(rng.random() * 5)]}"
    if r < 0.5:
        return (f"within {_NUM_WORDS[2 + int(rng.random() * 9)]} "
                f"{_UNITS_T[int(rng.random() * 3)]}")
    if r < 0.65:
        return f"before the {_pick(rng, ('summer', 'winter', 'election', 'budget', 'holidays'))}"
    if r < 0.75:
        return f"at the {_pick(rng, ('next', 'February', 'autumn', 'spring'))} meeting"
    if r < 0.88:
        return f"by {_g_month(sl)} {int(1 + rng.random() * 28)}"
    return f"by the end of {_g_month(sl)}"


def _g_aside(sl) -> str:
    r = sl.rng.random()
    org = _g_org(sl)
    if r < 0.3:
        return f"according to {org}"
    if r < 0.5:
        return f"{org} said"
    if r < 0.6:
        return f"a spokesperson for {org} said"
    if r < 0.7:
        return f"figures from {org} show"
    if r < 0.8:
        return f"{org} confirmed"
    if r < 0.9:
        return f"records seen by {sl['paper']} show"
    mod = _g_mod(sl)
    return f"minutes of {_an(mod)} {mod} {_g_head(sl)} meeting show"


def _g_pp(sl) -> str:
    rng = sl.rng
    r = rng.random()
    prep = _pick(rng, _PREP_AT)
    bldg = _pick(rng, _BLDG)
    if r < 0.35:
        return f"{prep} the {_g_mod(sl)} {bldg}"
    if r < 0.55:
        return f"{prep} the {bldg} on {sl['street']}"
    if r < 0.75:
        return f"{prep} the {bldg} in {_g_town(sl)}"
    if r < 0.97:
        return f"on {_pick(rng, _SURNAMES)} {_pick(rng, _STREET)}"
    return f"across {sl['region']}"


def _g_vpast(sl) -> str:
    return _pick(sl.rng, _VERB_FORMS)[0]


def _g_vpp(sl) -> str:
    return _pick(sl.rng, _VERB_FORMS)[1]


def _pool(items: tuple[str, ...]):
    n = len(items)
    return lambda sl: items[int(sl.rng.random() * n)]


_GEN = {
    "mod": _g_mod, "head": _g_head, "adj": _g_adj, "np": _g_np, "org": _g_org,
    "actor": _g_actor, "person": _g_person, "count": _g_count, "count2": _g_count2,
    "money": _g_money, "month": _g_month, "year": _g_year, "when": _g_when, "whenf": _g_whenf,
    "aside": _g_aside, "pp": _g_pp, "vpast": _g_vpast, "vpp": _g_vpp,
    "vbase": _pool(_VBASE), "occ": _pool(_OCC), "groups": _pool(_GROUPS), "bldg": _pool(_BLDG),
    "state": _pool(_STATE), "feel": _pool(_FEEL), "modal": _pool(_MODALS), "say": _pool(_SAY),
    "excl": _pool(_EXCL), "kin": _pool(_KIN), "said": _pool(_SAY[:7]),
    "later": _pool(("later that evening", "the following morning", "within hours",
                    "by nightfall", "shortly before midnight", "over the weekend",
                    "in the days that followed", "soon after", "by the next day")),
    "later_short": _pool(("nightfall", "dawn", "midnight", "noon", "the afternoon")),
    "num_s": _pool(("two", "three", "four", "five", "six", "a dozen", "several", "dozens of")),
}
# The slots of one story (fixed) shadow these, so "org" and "day" keep their story values;
# "org_any" is a fresh organisation.
_GEN["org_any"] = _g_org
_GEN["obj"] = _g_np
_GEN["agent"] = lambda sl: _g_org(sl) if sl.rng.random() < 0.5 else _g_person(sl)

# Background sentences of every article, whatever the story. Between two varied slots there are
# at most four fixed words, so no five-word run is shared by unrelated articles through them.
_GENERIC_TEMPLATES = (
    "{When}, {actor} {vpast} {np} {pp}.",
    "{Actor} {vpast} {np} {when}, {person} said.",
    "{Actor} had {vpp} {np} [in|by|before] {month} {year}, {person} said.",
    "{Np} [will cost|is expected to cost|came to|ran to|cost] {money}[, {aside}|].",
    "{Count} {groups} {vpast} {np} {when}.",
    "[While|Although|As] {actor} {vpast} {np}, {actor} {vpast} {np}.",
    "{Actor} said {np} [would|could|might|should] be {vpp} {whenf}.",
    "{Np} [was|had been] {vpp} {pp}, {aside}.",
    "In {place}, {actor} {vpast} {np} and {vpast} {np}.",
    "{Org_any}, which {vpast} {np} in {year}, {vpast} {np} {when}.",
    "[Meanwhile|Elsewhere|Separately|At the same time|Across town], {actor} {vpast} {np} {pp}.",
    "The [row|debate|argument|dispute|fuss] over {np} is {state}, {person} said.",
    "{place}'s {mod} {head} [has|had] been {state} since {month}.",
    "{Actor} {say} that {np} was {state} and that {np} [would|could] [follow|be next].",
    "{Count} {groups} {pp} said they [felt|were] {feel}.",
    "[Some|Many|A few|Most] {groups} {pp} [backed|opposed|queried|shrugged at] {np}, {aside}.",
    "{Np} [drew|attracted|prompted] {count} [complaints|objections|letters|comments] {when}.",
    "{Agent} [is|was] [due|expected|set|scheduled] to {vbase} {np} {whenf}.",
    "A [decision|vote|ruling|report] on {np} [is due|is expected|will come] from {org_any} "
    "{whenf}.",
    "[Asked|Pressed|Questioned] about {np}, {actor} [said|replied] that {np} was {state}.",
    "{Np} [covers|serves|affects] [about|roughly|some|nearly] {count2} [homes|households|people|"
    "businesses] {pp}.",
    "[The|That] {head} [follows|comes after|came after] {np} {when}.",
    "{Actor} and {actor} [have|had] [clashed|argued|disagreed|sparred] over {np} [for months|"
    "since {month}|for years|all year].",
    "{Whenf}, {np} [will|could|may] be {vpp} [as well|too|again|for good].",
    "Traffic {pp} was [held up|diverted|slowed|stopped] {when} [while|as|after] {actor} {vpast} "
    "{np}.",
    "[Posters|Notices|Banners|Leaflets] about {np} [went up|appeared] {pp} {when}.",
    "{Count} [people|residents|members|volunteers] [turned up|came|signed up|showed up] for {np} "
    "{pp}.",
    "{Agent} [wants|hopes|plans|intends] to {vbase} {np} [before|by|ahead of] {month}.",
    "[Under|According to] {np}, {actor} [must|would|will] {vbase} {np}.",
    "{Np} and {np} [were|are] [both|also] {state}, {person} said.",
    "[Last|This] {month}'s {mod} {head} [showed|found|suggested] that {np} was {state}.",
    "{Actor} [spent|put|raised] {money} on {np} {when}.",
    "{Person} [said|told {paper}|wrote to {org_any}] that {groups} {pp} felt {feel}.",
    "{Org_any} [owns|runs|manages|leases] {np} {pp}.",
    "{Np} [opened|closed|reopened] {when} after {count} [weeks|months|years] of {head}.",
    "{Count} of the {groups} {pp} [signed|backed|rejected] {np}.",
    "[Since|Before] {month}, {np} [has|had] [cost|saved] {org_any} {money}.",
    "{Person}, [who|whose family] [ran|runs|started] {np} {pp}, [left|joined] {org_any} "
    "{when}.",
    "{Np} [needs|lacks|still needs] {money} [from|for] {org_any}, {person} said.",
    "[Neither|Both] {org_any} [nor|and] {org_any} [answered|returned] [calls|emails] about {np}.",
    "{Groups} {pp} [will|may|could] [vote on|decide on|choose] {np} {whenf}.",
    "{Person} [chairs|leads|joined] {org_any}, [which|and it] {vpast} {np} {when}.",
    "{When}, {np} [reached|passed|topped] {count2} [visitors|users|signatures|bookings].",
)

# First-person quotes, as anyone in any story might say them.
_QUOTE_GENERIC = (
    "We {modal} {vbase} {np} {whenf}",
    "I {vpast} {np} {when}, and {groups} [listened|noticed|cared|said nothing]",
    "[Nobody|No one] [told|warned|asked] {groups} about {np}",
    "{Excl}, {np} [was|is] not enough for {groups} {pp}",
    "We [asked|begged|pleaded with|wrote to] {org_any} [in|back in] {month} to {vbase} {np}",
    "[My|Our] {kin} [have|has] [lived|worked] {pp} for {count} years",
    "If {org_any} [wants|expects] [our|my] support, {np} [has to|must] [change|go]",
    "[I am|We are] {feel}, like {groups} {pp}",
    "{Np} [matters|means a lot|is everything] to {groups} {pp}",
    "{Np} is the [worst|strangest|best] [idea|news|plan] {org_any} has [had|produced] since "
    "{year}",
    "{Excl}, we {modal} {vbase} {np}[ and| but] {org_any} cannot {vbase} {np}",
    "[Arguing over|Talking about] {np} [is|was] [pointless|futile] until {person} {vpast} {np}",
    "[In truth|Frankly|Really], {np} [was|has been] {state} for {count} [years|months]",
    "[Everyone|Everybody] {pp} knows [what|how much] {np} [costs|means]",
    "{Groups} {pp} [deserve|are owed] {np}",
    "{Person} [warned|told] us {when} that {np} was {state}",
    "[Nobody|No one] {pp} [wanted|asked for|voted for] {np}",
    "{Np} [cost|took] {money}, and {groups} [paid|noticed]",
    "[When|After] {org_any} {vpast} {np}, we {vpast} {np}",
    "I [spoke|talked] to {count2} {groups} {when}, and {count} [agreed|disagreed]",
    "{Count} {groups} {pp} [rely on|depend on|use] {np} [every day|each week|daily]",
    "[Give|Show] {groups} {np} and they will [come back|stay|help]",
    "{Org_any} [knew|was told] about {np} {when}",
    "We [found out|heard] about {np} from {person}",
    "{Np}? [Ask|Talk to] {groups} {pp}",
    "[Until|Unless] {org_any} {vpast} {np}, {groups} will [keep asking|not forget]",
    "{Month} [was|has been] [hard|rough|busy|long] for {groups} {pp}",
    "My [question|worry|hope] [for|to] {org_any} is [simple|this]: [who|when] will {vbase} {np}",
    "{Person} and I [disagree|argue] about {np}, but not about {np}",
    "[Half|Most|Some] of {groups} {pp} [never|rarely] [heard of|saw] {np}",
)


# Kind -> headlines, ledes, facts, follow-up ledes, quotes. Slots come from the story and the
# grammar above; few fixed words stand between two varied slots.
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
            "{injured_l} people, {aside}.",
            "[Firefighters|Crews|Fire crews] from {org} spent {hours} hours [fighting|tackling|"
            "battling] a [blaze|fire] [at|in] {place}'s {building} on {street}, {off} said.",
            "{Injured_l} people were [taken|rushed] to {place} hospital [after|when] "
            "{off} [raised|sounded] the alarm [at|in] a {building} on {street} at {hour}.",
            "[Flames|A fire] [engulfed|consumed] {own}'s {building} in {place} on {day}, and "
            "by {hour} [only|just] [the walls|a shell] [remained|was left standing].",
        ),
        "fact": (
            "[About|Around|Some] {crews} [crews|fire engines] [were sent|raced|were called] to "
            "{street} after [a|the first] [call|alarm] at {hour}, {aside}.",
            "The [roof|upper floor|back wall] of {own}'s {building} [collapsed|caved in|fell in] "
            "at {hour}, {aside}.",
            "The cause [of the fire|of the blaze] [is under investigation|has not been "
            "established|is not yet known], {off} said.",
            "{off} said the {building} had passed {np} in {old_year2}.",
            "The owner of the {building}, {own}, said [the business|the firm|it] [employed|had] "
            "{staff} [people|workers|staff] and [had|held] {np}.",
            "[Nearby homes|Houses|Two blocks] on {street} were evacuated {when}, while "
            "{actor} {vpast} {np}.",
            "{vic}, {vic_age}, died [at the scene|in hospital|before help arrived], {off} said "
            "on {day2}.",
            "{wit} said {wit_he} [saw|noticed] [flames|smoke|an orange glow] {pp} at {hour}.",
            "The {building} had stood on {street} since {old_year}[|, {aside}].",
            "Damage [was estimated at|could reach|may exceed] {damage} million, {aside}.",
            "{Injured_l} people {pp} were treated for [smoke inhalation|minor burns|breathing "
            "problems], {off} said.",
            "[Investigators|Fire investigators|Insurance assessors] {vpast} {np} {pp} on {day2}.",
        ),
        "follow": (
            "{When}, the site of {own}'s {building} on {street} in {place} is still fenced "
            "off and {np} is {state}.",
            "Months after the fire that killed {vic_full} in {place}, {org_any} has "
            "{vpp} {np}.",
        ),
        "quote": (
            "The heat was [so intense|so fierce|unbearable] {pp}, and {groups} had to [pull "
            "back|retreat] from {street}",
            "We could see the [smoke|flames|glow] from {pp}, and {np} was {state}",
            "Everything my {kin} built on {street} [is gone|went up], and {org_any} has "
            "[not called|said nothing|promised {np}]",
            "[Mercifully|Luckily|Thankfully], {own}'s {building} [had been|was] empty since {hour}",
            "{Count} crews [did everything|did all] they could {pp}",
            "I [grabbed the dog|grabbed my keys|grabbed my coat] and ran {pp}",
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
            "of {count2} [votes|ballots cast].",
            "[Voters|The electorate|Residents] in {place} [chose|picked|elected] {main_full} as "
            "their [new|next] {office} on {day}, {share} per cent to {riv}'s {turnout2}.",
            "[The|A] [bitter|long|close] race for {office} in {place} [ended|was settled] "
            "with {main_full} of the {party} ahead of {riv} by {margin} votes.",
        ),
        "fact": (
            "Turnout was {turnout} per cent, [up|down] from {turnout2} per cent [in|at] "
            "{old_year2}, {aside}.",
            "{riv} of the {party2} conceded at {hour}[|, {aside}].",
            "{main} [campaigned|ran] on {np} and {np}.",
            "The count at the {place} town hall [ran past|finished after|went on until] {hour}, "
            "{aside}.",
            "{riv} [ruled out|did not rule out|may seek] a recount of {count2} ballots.",
            "{main}, {main_age}, moved to {place} in {old_year}, {person} said.",
            "The {party} last held {place}'s {office} in {old_year}[|, {aside}].",
            "{main_sur}'s [win|victory] will be [certified|confirmed] {whenf}, {aside}.",
            "{main_sur}'s margin was {margin} votes, {aside}.",
            "[Posters|Leaflets|Banners] [about|for] {np} still lined {street} on {day2}.",
        ),
        "follow": (
            "{When}, {main_full}, who won the {office} race in {place}, faces a split council "
            "over {np}.",
            "Months after the {place} election, {main_full} faces questions over {obj}.",
        ),
        "quote": (
            "This [result|win] belongs to {groups} {pp} who [knocked on doors|handed out "
            "leaflets]",
            "The people of {place} have spoken on {np}, and {person} [agrees|knows it]",
            "We ran a [clean|positive|decent] campaign on {np} and {np}",
            "My first [job|task] [is|will be] to {vbase} {np} {whenf}",
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
            "{day}, with {pro_full} [telling|warning] [jurors|the jury] that {org2} lost "
            "{damage} million.",
            "[Jurors|A jury] in {place} [began hearing|heard the first day of] the {charge} "
            "case against {main_full}, {count} months after {org2} [called in|alerted] {off}.",
        ),
        "fact": (
            "{main} [denies|has denied|has pleaded not guilty to] the charge[| of {charge}| "
            "brought by {org2}].",
            "{pro} told the court [that|] {np} had cost {org2} {damage} million.",
            "{jud} told [jurors|the jury] to [ignore|disregard] {np} {later}.",
            "{def}, representing {main}, said the evidence [on|about] {np} was "
            "[circumstantial|thin|misunderstood].",
            "The court heard that {main} had worked for {org2} since {old_year}.",
            "The jury was shown {count} [emails|invoices|messages] about {np}, {aside}.",
            "{wit} [said|told jurors|told the court] that {np} had been raised with {org2} in "
            "{old_year2}.",
            "The trial [continues|resumes] on {day2}, {jud} told {main}.",
            "If convicted, {main} faces up to {years} years in prison.",
            "[Reporters|Supporters|Former colleagues] of {main} filled {place}'s public gallery "
            "{when}.",
        ),
        "follow": (
            "{When}, {main_full}, convicted of {charge} in {place}, has won the right to appeal "
            "over {np}.",
            "Months after the {charge} trial of {main_full}, {org2} has {vpp} {np}.",
        ),
        "quote": (
            "[Jurors will hear|We will prove|You will hear] that {np} at {org2} was {state}",
            "My client [denies|rejects|disputes] {np}",
            "I did [only|exactly] what {person} [wanted|asked for] at {org2}",
            "This case [is|was] about {np}, not {np}",
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
            "A magnitude {mag} [earthquake|quake] [struck|hit|shook the ground] {km} "
            "kilometres from {place} [on {day}|early on {day}|{day} night], [damaging|cracking] "
            "{homes} [homes|houses|buildings], {aside}.",
            "The [ground|earth] shook for {secs} seconds in {place} [on {day}|{day}] when a "
            "[magnitude {mag}|strong] [earthquake|quake] [hit|struck] at {hour}[|, {aside}].",
        ),
        "fact": (
            "The [quake|earthquake] was [centred|located] {km} [kilometres|km] [from|"
            "outside] {place} at a depth of {depth} kilometres, [the {org} said|according to "
            "the {org}|{aside}].",
            "The {org} [recorded|counted|logged] {count} aftershocks {when}.",
            "{off} said {off_he} had asked {org_any} for [emergency funds|army engineers|"
            "tents].",
            "Schools in {place} [stayed|were] closed on {day2} while {actor} [checked|"
            "inspected] {np}.",
            "{vic}, {vic_age}, was killed [by falling masonry|under a collapsed wall|when a "
            "chimney fell] on {street}.",
            "{place} last [had|saw|felt] [such a|a] [strong|big|powerful] quake in "
            "{old_year}, {aside}.",
            "Power was cut to about {homes} homes {pp}, {aside}.",
            "{wit} was [woken|shaken awake] at {hour} {pp}.",
            "[Cracks|Fissures] [opened|appeared] along {street} {pp}.",
        ),
        "follow": (
            "{When}, {count} families in {place} are still living in temporary homes and "
            "{np} is {state}.",
            "Months after the earthquake in {region}, rebuilding in {place} has barely begun "
            "and {np} is {state}.",
        ),
        "quote": (
            "The whole house [moved|shook|rolled] {when}, and then {street} went dark",
            "[People|Residents|Families] {pp} [must|should] stay out of {np} {whenf}",
            "{Np} [may not|will not|might not] [survive|outlast] [another|the next] [one|quake]",
            "{Np} is {state}, and my [neighbour's|aunt's|landlord's] house on {street} [is "
            "cracked|has split|is leaning]",
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
            "{par} [wrote|posted] {when} that {child} was [healthy|doing well|home] {pp}.",
            "{main} and {par} [announced|revealed] the pregnancy {pp} {when}.",
            "{main} and {par} [plan|hope|want] to [take time off|step back from] {show} "
            "{whenf}.",
            "A representative for {main} confirmed the birth to {paper} {when}.",
            "[Fans|Co-stars|Friends] of {main} [flooded|filled] {par}'s [comments|post] with "
            "[congratulations|messages].",
        ),
        "follow": (
            "{When}, {main_full} marked the first birthday of {main_his} {child_sex} {child} "
            "{pp}.",
            "Months after the birth of {child}, {main_full} has returned to {show} and "
            "{vpast} {np}.",
        ),
        "quote": (
            "{child} has [changed|upended] [everything|our lives] {pp}, [even|including] {np}",
            "We are tired and {feel}, and {show} [can wait|will have to wait] {whenf}",
            "[At|Becoming a parent at] {main_age}, I [did not expect|never planned] {np}",
            "We ask for privacy [while|as] {child} [settles in|comes home] {pp}",
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
            "defeating|seeing off] {opp} {score} in front of {crowd} [fans|supporters].",
            "{main_full} [scored twice|struck twice|hit a double] as {place} {club} [beat|"
            "edged|overcame] {opp} {score} in the {cup} final [on {day}|{day} afternoon].",
            "[A|One] [memorable|frantic|tense] {cup} final [ended|finished] {score} to {place} "
            "{club} [on {day}|{day}], with {main_full} [the hero|the difference|on the "
            "scoresheet].",
        ),
        "fact": (
            "{main} opened the scoring [in|after] {minute} minutes, {aside}.",
            "{opp} [equalised|drew level|pulled one back] through {person} [before half-time|"
            "just before the break|early in the second half].",
            "{coach} said {np} had [hit|hampered|distracted] the squad {when}.",
            "{main}, {main_age}, joined {club} from {opp} in {old_year2}.",
            "It was {place}'s first {cup} since {old_year}[|, {aside}].",
            "The crowd of {crowd} {pp} was [a record|the biggest since {old_year}], {aside}.",
            "{club} [finished|ended] with ten players [when|after] {person} was "
            "[sent off|shown a red card] {when}.",
            "{club} will parade {pp} {whenf}, {aside}.",
            "[Supporters|Fans|Season-ticket holders] [sang|celebrated] {pp} {later}.",
        ),
        "follow": (
            "{When}, {main_full} of {place} {club} is preparing for another {cup} final "
            "against {opp}.",
            "Months after the {cup} final, {main_full} has signed a new contract with {club} "
            "worth {money}.",
        ),
        "quote": (
            "I [dreamed|dreamt] of {cup} [glory|finals|nights] {pp}",
            "Even [when|while] {opp} [led|were ahead], {groups} [kept believing|never gave up]",
            "This [one|trophy] is for {groups} [in|from|around] {place}, and for {person}",
            "Nobody [backed|tipped|fancied] us against {opp}, and {groups} did not care",
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
    return _pick(rng, wordings).format_map(slots)


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
    topic: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    """The story's own noun modifiers, nouns and organisation kinds, used more than others."""
    statements: list[tuple[str, str]] = field(default_factory=list)
    """(role, words) of the statements the story's people gave; outlets quote them verbatim:
    the first for the first episode, the second for a follow-up."""
    quoted: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    """Statement number -> (article id, start, end) of its first quotation."""
    emitted: list[int] = field(default_factory=lambda: [0, 0])
    """Articles written so far per episode."""


def _pick(rng: random.Random, seq):
    """One element of ``seq`` (one draw of ``rng``)."""
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
                 org=f"{_town(rng)} Seismic Observatory", km=str(int(5 + rng.random() * 80)),
                 depth=str(int(3 + rng.random() * 40)), secs=str(int(10 + rng.random() * 50)),
                 homes=f"{int(1 + rng.random() * 60)},{int(rng.random() * 900) + 100}")
        people["vic"] = namer.person(event, 20, 90)
    elif kind == "celebrity":
        female_child = rng.random() < 0.5
        child_born = event  # "welcomed a son on Friday": the event is the birth
        s.update(show=_pick(rng, _SHOWS), star_role=_pick(rng, _STAR_ROLES),
                 child=_pick(rng, _CHILD_NAMES_F if female_child else _CHILD_NAMES_M),
                 child_sex="daughter" if female_child else "son",
                 child_born=f"{_MONTHS[child_born.month - 1]} {child_born.day}",
                 child_born_year=str(child_born.year),
                 kids=_NUM_WORDS[int(2 + rng.random() * 4)],
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
    if "vic" in people:  # an age at death does not change with the day of the article
        s["vic_age"] = str(people["vic"].age_at(event))
    for role, p in people.items():
        s[f"{role}_full"] = p.full
        s[f"{role}_sur"] = p.last
        s[f"{role}_He"] = "She" if p.female else "He"
        s[f"{role}_he"] = "she" if p.female else "he"
        s[f"{role}_him"] = "her" if p.female else "him"
        s[f"{role}_his"] = "her" if p.female else "his"
    story = _Story(id=sid, kind=kind, event=event, people=people, slots=s, remaining=size)
    story.topic = (tuple(rng.sample(_MOD, 5)), tuple(rng.sample(_HEAD, 5)),
                   tuple(rng.sample(_BODY, 3)))
    sl = _Slots(s, rng, people, event, story.topic)
    sl["paper"] = "reporters"
    speakers = [r for r in people if r != "vic"]
    quotes = _C_KIND[kind]["quote"]
    for _ in range(2):
        words: list[str] = []
        count = 0
        while count < 24:
            q = _render(rng, _pick(rng, quotes if rng.random() < 0.4 else _C_QUOTE_GENERIC), sl)
            words.append(q[:1].upper() + q[1:])
            count += q.count(" ") + 1
        story.statements.append((_pick(rng, speakers), ". ".join(words)))
    return story


# --------------------------------------------------------------------------------------------
# Article text
# --------------------------------------------------------------------------------------------

class _Slots(dict):
    """Template slots: fixed story values, fresh picks from pools, people mentions with ages."""

    __slots__ = ("rng", "people", "mentioned", "day", "topic_mod", "topic_head", "topic_body")

    def __init__(self, base: dict[str, str], rng: random.Random, people: dict[str, _Person],
                 day: date, topic: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
                 ) -> None:
        super().__init__(base)
        self.rng = rng
        self.people = people
        self.mentioned: set[str] = set()
        self.day = day
        self.topic_mod, self.topic_head, self.topic_body = topic

    def __missing__(self, key: str) -> str:
        gen = _GEN.get(key)
        if gen is not None:
            return gen(self)
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


def _quote_sentence(rng: random.Random, sl: _Slots, kind_quotes: _Deck, roles: list[str],
                    last_role: list[str | None]) -> str:
    q = _render(rng, kind_quotes.draw() if rng.random() < 0.25 else
                _pick(rng, _C_QUOTE_GENERIC), sl)
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
        if not q.startswith(("I ", "I'")):
            q = q[:1].lower() + q[1:]
        return f"{name} {sl['said']} it was \"{q}.\""
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


def _statement_sentence(rng: random.Random, sl: _Slots, role: str, words: str
                        ) -> tuple[str, int, int]:
    """A sentence quoting a statement verbatim, and the span of its words in the sentence."""
    name = sl[role]
    r = rng.random()
    if r < 0.35:
        head = f'{name} said in a statement: "'
        return f'{head}{words}."', len(head), len(head) + len(words)
    if r < 0.7:
        return f'"{words}," {name} said in a statement.', 1, 1 + len(words)
    head = f'In a statement {_pick(rng, ("released", "issued", "shared", "posted"))} ' \
           f'{sl["when"]}, {name} said: "'
    return f'{head}{words}."', len(head), len(head) + len(words)


def _compose(rng: random.Random, story: _Story, day: date, episode: int, outlet: OutletInfo,
             words_wanted: int, statement: tuple[str, str] | None = None
             ) -> tuple[str, list[list[str]], tuple[int, int, int] | None]:
    """Headline and paragraphs (lists of sentences) of one article, and where the statement is
    quoted: (sentence number, start, end of its words in that sentence)."""
    kt = _C_KIND[story.kind]
    sl = _Slots(story.slots, rng, story.people, day, story.topic)
    sl["day"] = _day_phrase(story.event, day)
    d2 = day + timedelta(days=int(1 + rng.random() * 6))
    sl["day2"] = _WEEKDAYS[d2.weekday()]
    sl["paper"] = outlet.short
    roles = [r for r in story.people if r not in ("vic",)]
    headline = _render(rng, _pick(rng, kt["headline"]),
                       _Slots(story.slots, rng, {}, day, story.topic))
    if episode and "child_born" in sl:  # a year on, the birthday needs its year
        sl["child_born"] = f"{sl['child_born']}, {sl['child_born_year']}"
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
    quotes = _Deck(rng, kt["quote"])
    facts = _Deck(rng, kt["fact"])
    facts_used = 0
    generic = _Deck(rng, _C_GENERIC)
    last_role: list[str | None] = [None]
    sentences = 1
    quoted_at = None
    statement_para = 1 + int(rng.random() * 3) if statement is not None else -1
    while words < words_wanted:
        if len(paragraphs) == statement_para:
            assert statement is not None
            s, qs, qe = _statement_sentence(rng, sl, *statement)
            quoted_at = (sentences, qs, qe)
            paragraphs.append([s])
            sentences += 1
            words += s.count(" ") + 1
            continue
        para: list[str] = []
        for _ in range(1 + int(rng.random() * 3)):
            r = rng.random()
            if r < 0.22 and facts_used < len(kt["fact"]):  # each fact at most once
                facts_used += 1
                s = _render(rng, facts.draw(), sl)
            elif r < 0.5:
                s = _quote_sentence(rng, sl, quotes, roles, last_role)
            else:
                s = _render(rng, generic.draw(), sl)
            para.append(s[:1].upper() + s[1:])
            sentences += 1
            words += s.count(" ") + 1
            if s[0] == '"' or words >= words_wanted:
                break  # quotes stand in their own paragraph, as news copy does
        paragraphs.append(para)
    if statement is not None and quoted_at is None:
        s, qs, qe = _statement_sentence(rng, sl, *statement)
        quoted_at = (sentences, qs, qe)
        paragraphs.append([s])
    return headline, paragraphs, quoted_at


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
    edited, from an earlier article of the same story (within 30 days), usually from another
    outlet. Independently of ``reuse_rate``, the first two articles of each episode (and half of
    the later ones) quote the story's statement for that episode verbatim; those quotations are
    in the truth too, with ``edits=("statement",)``. About :data:`UNDATED_RATE` of the articles
    have no ``published`` (their truth keeps it). Publication order is the true order, undated
    articles included.
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
    undated_rate = UNDATED_RATE
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
            # wire copy is taken from recent coverage (the same episode)
            earlier = [s for s in story.sources
                       if s[3] < published and (published - s[3]).days < 30]
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
        statement_no = None
        if story.statements and (story.emitted[episode] < 2 or rng.random() < 0.5):
            statement_no = min(episode, len(story.statements) - 1)
        story.emitted[episode] += 1
        headline, paragraphs, quoted_at = _compose(
            rng, story, day, episode, outlet, words_wanted,
            story.statements[statement_no] if statement_no is not None else None)
        if passage is not None:
            at = 1 + int(rng.random() * len(paragraphs))
            text, spans, (ts, te) = _assemble(paragraphs, at, passage[4])
        else:
            text, spans, _ = _assemble(paragraphs)
        undated = rng.random() < undated_rate
        if undated:
            url = f"https://{outlet.domain}/news/{_slug(headline)}-{emitted + 1}"
        else:
            url = (f"https://{outlet.domain}/{published.year}/{published.month:02d}/"
                   f"{_slug(headline)}-{emitted + 1}")
        aid = Article.make_id(outlet.name, url, text)
        if passage is not None:
            reuse = (ImplantedReuse(passage[0], passage[1], passage[2], aid, ts, te, passage[3],
                                    passage[5]),)
        if statement_no is not None and quoted_at is not None:
            sentence_start = spans[quoted_at[0]][0]
            qs, qe = sentence_start + quoted_at[1], sentence_start + quoted_at[2]
            first = story.quoted.get(statement_no)
            if first is None:
                story.quoted[statement_no] = (aid, qs, qe)
            else:
                reuse += (ImplantedReuse(first[0], first[1], first[2], aid, qs, qe,
                                         len(text[qs:qe].split()), ("statement",)),)
        ext = f"syn-{emitted:06d}"
        emitted += 1
        story.remaining -= 1
        if story.remaining == 0:
            story.sources.clear()
            story.quoted.clear()
        elif len(story.sources) < 3:
            story.sources.append((aid, text, spans, published, oi))
        art = Article(id=aid, outlet=outlet.name, url=url,
                      published=None if undated else published, title=headline,
                      text=text, source=Source(path=f"synthetic:seed={seed}", record=ext),
                      external_id=ext)
        truth = ArticleTruth(story=story.id, kind=story.kind, episode=episode, reuse=reuse,
                             people=tuple(p.full for p in story.people.values()),
                             place=story.slots["place"], published=published)
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
