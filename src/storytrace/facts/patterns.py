"""The regular-expression building blocks of claim extraction (names, ages, dates, conditions).

Kept apart from the extraction logic so that each pattern can be read and tested on its own.
All patterns are linear (no nested unbounded repetition over the same characters).
"""

from __future__ import annotations

import re

from .dates import NUMBER

# A capitalised name token: "Cannon", "LaNisha", "O'Neal", "Jay-Z"; not "Scott's" (the 's is
# left out). Name particles ("De La Rosa") join tokens.
TOK = r"[A-Z][a-zA-Z]*(?:-[A-Za-z]+)*(?:['’][A-Z][a-zA-Z]+)?"
PARTICLE = r"(?:de|De|La|la|Le|le|van|Van|von|Von|da|Da|del|Del|di|Di|du|Du|bin|al)"
# bounded repetitions keep every pattern linear on pathological input (20k capitalised words)
NAME = rf"{TOK}(?:[ \t]+(?:{PARTICLE}[ \t]+){{0,3}}{TOK}){{0,4}}"
NAMELIST = rf"{NAME}(?:(?:\s+and\s+|\s+&\s+){NAME}){{0,5}}"

UNIT = r"(?P<unit>years?|months?|weeks?|days?)"
# what may follow an appositive age ("Cannon, 42, wrote", "Golden, four and Powerful, one from")
AGE_END = (r"(?=\s*(?:[,.;:)!?”\"]|—|–|\s-\s|$)|\s+(?:and|from|with|whom|who|was|is|has|had|"
           r"said|says|wrote|posted|shared|were|are|told|in\s+(?:a|an|his|her|the)\s+"
           r"(?:post|statement|interview|video))\b)")

APPOSITIVE_AGE = re.compile(
    rf"(?P<names>{NAMELIST}),\s+(?:(?:a|an)\s+)?(?P<num>{NUMBER})"
    rf"(?:[ -]{UNIT})?(?:[ -]old)?{AGE_END}"
)
PAREN_AGE = re.compile(rf"(?P<names>{NAME})\s+\((?P<num>\d{{1,3}})\)")
PERSON_NOUNS = (r"son|daughter|sons|daughters|boy|girl|baby|twins|twin|child|children|kids|"
                r"singer|actor|actress|model|rapper|star|host|comedian|athlete|player|musician|"
                r"brother|sister|mother|father|wife|husband|girlfriend|boyfriend|partner|"
                r"ex-wife|ex-husband|former|reality|TV|influencer|dancer|producer")
PRENOMINAL_AGE = re.compile(
    rf"\b(?P<num>{NUMBER})[ -](?P<unit>year|month|week|day)s?[ -]old\s+"
    rf"(?P<roles>(?:(?:{PERSON_NOUNS})\s+){{0,2}})(?:,\s*)?(?P<name>{NAME})"
    r"(?!\s+(?:man|woman|boy|girl|resident|native|student|teen|teenager|mother|father)\b)"
)
AGED = re.compile(
    rf"\b(?:aged|at\s+(?:the\s+)?age\s+of)\s+(?P<num>{NUMBER})(?:\s+{UNIT})?(?![ -]old)"
    r"|\bat\s+(?P<num2>\d{1,3})(?=\s*(?:[,.;]|$))"
)
TURNED = re.compile(rf"(?P<names>{NAME})(?:,\s+who)?\s+(?:just\s+)?(?:turned|turns)\s+"
                    rf"(?P<num>{NUMBER})\b"
                    rf"(?:\s+{UNIT})?")

CONDITION = (
    r"(?:(?:brain|lung|breast|pancreatic|prostate|colon|colorectal|skin|liver|ovarian|bone|"
    r"stomach|throat|cervical|kidney|blood|terminal|rare|aggressive|inoperable|stage\s+\w+)\s+)*"
    r"(?:cancer|tumou?r|leuka?emia|lymphoma|glioma|glioblastoma|pneumonia|covid(?:-19)?|"
    r"coronavirus|hydrocephalus|heart\s+attack|heart\s+failure|cardiac\s+arrest|stroke|sepsis|"
    r"meningitis|overdose|diabetes|dementia|alzheimer['’]?s(?:\s+disease)?|"
    r"parkinson['’]?s(?:\s+disease)?|sids|sudden\s+infant\s+death\s+syndrome|aneurysm|lupus|"
    r"multiple\s+sclerosis|als|cystic\s+fibrosis|spina\s+bifida|autism|epilepsy|infection|"
    r"jaundice|influenza|flu|measles|asthma|tuberculosis|malaria|hepatitis|hiv|"
    r"(?:kidney|liver|organ|respiratory)\s+failure|heart\s+disease|cerebral\s+palsy|"
    r"down\s+syndrome|an(?:a)?emia|concussion|(?:(?:pulmonary|idiopathic|cystic)\s+)?fibrosis|"
    r"motor\s+neuron(?:e)?\s+disease|copd|emphysema|bronchitis|hypothermia|"
    r"(?:congenital\s+)?heart\s+defect|birth\s+defect|(?:a\s+)?rare\s+genetic\s+(?:condition|disorder)|"
    r"burns|smoke\s+inhalation)"
)
CONDITION_RE = re.compile(rf"\b(?P<cond>{CONDITION})\b", re.I)
CAUSE = re.compile(
    r"\b(?:of|from|after\s+(?:a\s+|an\s+|his\s+|her\s+|their\s+)?(?:long\s+|brief\s+|short\s+|"
    r"courageous\s+|years-long\s+)?(?:battle|fight|struggle)\s+(?:with|against)|due\s+to|"
    r"following|because\s+of)\s+(?:a\s+|an\s+|his\s+|her\s+|complications\s+(?:of|from)\s+)?"
    rf"(?P<cond>{CONDITION})\b", re.I)
DIAGNOSED = re.compile(
    rf"\b(?:was|is|had\s+been|has\s+been|were|been|being)?\s*diagnosed\s+(?:with\s+)?"
    rf"(?:a\s+|an\s+)?(?P<cond>{CONDITION})\b", re.I)
HOSPITAL = re.compile(
    r"\b(?:admitted\s+to\s+(?:the\s+)?hospital\s+(?:with|for)|hospitali[sz]ed\s+(?:with|for)|"
    r"battling|suffering\s+from|treated\s+(?:in\s+hospital\s+)?for|recovering\s+from|"
    r"born\s+with)\s+(?:a\s+|an\s+)?"
    rf"(?P<cond>{CONDITION})\b", re.I)

DEATH_VERB = re.compile(
    r"\b(?:(?:had|has|have)\s+)?(?:(?:tragically|sadly|reportedly|suddenly)\s+)?"
    r"(?P<verb>died|passed\s+away|was\s+killed|lost\s+(?:his|her|their)\s+(?:life|battle)|"
    r"(?<=whose\s)death)\b"
)
SUBJECT_BEFORE = re.compile(
    rf"(?P<subj>{NAME}|[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he|[Tt]heir|[Hh]is|[Hh]er)\s+(?:[a-z]+\s+)?"
    r"(?:newborn|baby|son|daughter|boy|girl|infant|one|man|toddler))"
    r"(?:,\s+[^,]{1,40},)?,?\s+(?:(?:had|has|have|was|is|been|tragically|sadly|reportedly|"
    r"suddenly|previously|also|recently)\s+)*$"
)

LIFESPAN = re.compile(
    r"(?P<a>\d{1,2}\s*[•·/.]\s*\d{1,2}\s*[•·/.]\s*\d{2,4})\s*[-–—]\s*"
    r"(?P<b>\d{1,2}\s*[•·/.]\s*\d{1,2}\s*[•·/.]\s*\d{2,4})"
)
YEAR_SPAN = re.compile(rf"(?P<name>{NAME})\s+\((?P<a>1[89]\d\d|20\d\d)\s*[-–—]\s*"
                       r"(?P<b>1[89]\d\d|20\d\d)\)")

MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|"
              r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
WEEKDAY_NAME = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_PHRASE = re.compile(
    r"\b(?:"
    rf"(?:(?P<wd>{WEEKDAY_NAME}),?\s+)?(?P<mon>{MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d)|\s+(?P<yrel>last|this|next)\s+year)?\b"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{MONTH_NAME})(?:,?\s+(?P<year2>(?:19|20)\d\d))?\b"
    rf"|(?:(?:back\s+)?in\s+)?(?P<mon3>{MONTH_NAME})\s+(?:of\s+)?(?P<year3>(?:19|20)\d\d)\b"
    r"|(?:in|of)\s+(?P<year4>(?:19|20)\d\d)\b"
    rf"|(?:back\s+)?in\s+(?P<mon5>{MONTH_NAME})\b"
    rf"|(?:on|last)\s+(?P<wd2>{WEEKDAY_NAME})\b(?!,?\s+(?:the\s+)?\d|,?\s+{MONTH_NAME})"
    r"|(?P<rel>last\s+(?:month|year|week)|earlier\s+this\s+(?:year|month)|this\s+(?:year|month)|"
    r"yesterday"
    rf"|(?:{NUMBER})\s+(?:years?|months?|weeks?|days?)\s+ago)\b"
    rf"|(?P<later>(?P<lnum>(?i:{NUMBER}|a))\s+(?P<lunit>years?|months?|weeks?|days?)\s+later)\b"
    r")"
)
ORDINAL_WORDS = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                 r"twelfth|\d{1,2}(?:st|nd|rd|th)")
CHILD_NOUN = r"(?i:child|son|daughter|baby|kid)"

FAMILY_TRIGGER = re.compile(
    r"\b(?:(?:shares?|has|have|had|leaves|survived\s+by)(?=\s+(?:(?:a|an|two|three|four|five|"
    r"six|seven|eight|nine|"
    rf"ten|\d+)\s+)?(?:{NUMBER}[ -](?:year|month|week|day)s?[ -]old\s+)?"
    r"(?:other\s+|older\s+|young\s+|more\s+)?(?:children|kids|sons?|daughters?|"
    r"twins|child)\b)|welcomed\b|(?:father|mother|dad|mom|mum|parent)\s+(?:to|of)\b"
    rf"|(?P<poss>\b(?:[Tt]heir|[Hh]is|[Hh]er|{NAME}['’]s))(?=\s+(?:(?:two|three|four|five|six|"
    r"\d+)\s+)?(?:children|kids|twins),?\s+[A-Z]))"
)
SEGMENT_END = re.compile(
    r"\s[-—–]\s|—|;|,?\s+and\s+(?:he|she|they)\s|\bwhile\b|\bbut\b|,\s+which\b|"
    r",?\s+and\s+(?:his|her)\s+(?!(?:ex-|former|previous|late)\b)|"
    r"\b(?:a\s+)?(?:grandson|granddaughter|grandchild|grandchildren|nephew|niece)\b|"
    r",?\s+(?:grew|grow|live|lives|lived|were|are|said|says|told|went|have|had)\b")
PARENT_BEFORE = re.compile(
    rf"(?P<subj>{NAME}(?:\s+and\s+{NAME})?|[Hh]e|[Ss]he|[Tt]hey|"
    r"[Tt]he\s+(?:(?:former|happy|new|proud|grieving)\s+)?(?:couple|pair|two)|"
    r"[Tt]he\s+(?:[\w-]+\s+)?[a-z]+)"
    r"(?:,\s+\d{1,3},)?(?:\s*(?:,|—|–|-)\s*who(?:\s+[^,]{1,40},)?)?\s+(?:(?:is|are|was|has|"
    r"have|also|currently|"
    r"now|recently|first|just|both|together|already)\s+)*$"
)
COPARENT_WORDS = (r"his|her|their|ex-wife|ex-husband|ex-girlfriend|ex-boyfriend|ex-partner|ex|"
                  r"wife|husband|girlfriend|boyfriend|partner|fianc[ée]e?|former|then-wife|"
                  r"then-girlfriend|then-partner|model|singer|pop|star|actress|actor|rapper|DJ|"
                  r"dancer|TV|host|personality|influencer|longtime|late")
FAMILY_ITEM = re.compile(
    rf"\bwith\s+(?P<resp>{NAME}(?:\s*,\s*{NAME}){{0,6}},?\s+and\s+{NAME}),?\s+respectively"
    rf"|\b(?P<link>with|by|from\s+(?:his|her)\s+(?P<mar>(?:previous\s+|former\s+|first\s+|"
    r"second\s+|past\s+)?marriage),?\s+(?:to|with)|from\s+(?:a|an|her|his)\s+(?:previous\s+|"
    r"former\s+|past\s+)?relationship\s+with)\s+"
    rf"(?P<copre>(?:(?:{COPARENT_WORDS}|[a-z][a-z-]+)\s+){{0,4}})(?P<coparent>{NAME})"
    rf"|(?:(?P<pnum>{NUMBER})[ -](?P<punit>year|month|week|day)s?[ -]old\s+)?"
    r"(?P<role>(?:(?i:twins|twin|son|sons|daughter|daughters|children|kids|baby\s+boy|baby\s+girl|"
    r"boy|girl)(?:\s+|(?=,)))?)(?:,\s*)?"
    rf"(?P<child>{NAME})(?:,\s+(?P<num>{NUMBER})(?:[ -]{UNIT})?(?:[ -]old)?{AGE_END})?"
)
POSSESSIVE_CHILD = re.compile(
    rf"(?P<poss>(?:(?:[Hh]is|[Hh]er|[Tt]heir)\s+and\s+)?{NAME}['’]s|[Hh]is|[Hh]er|[Tt]heir|"
    r"[Tt]he\s+(?:couple|pair)['’]s)\s+"
    rf"(?:(?P<num>{NUMBER})[ -](?P<unit>year|month|week|day)s?[ -]old\s+)?"
    r"(?:(?i:late|young|little|baby|infant|newborn|eldest|oldest|youngest|only)\s+)*"
    r"(?P<role>(?i:baby\s+boy|baby\s+girl|son|daughter|child|twins|children|kids|sons|"
    r"daughters))\s*,?\s+"
    rf"(?P<names>{NAMELIST})"
)
UNNAMED_CHILD = re.compile(
    rf"(?P<poss>(?:(?:[Hh]is|[Hh]er|[Tt]heir)\s+and\s+)?{NAME}['’]s|[Hh]is|[Hh]er|[Tt]heir)\s+"
    r"(?:(?:late|young|little|infant|newborn|only|beloved)\s+)?"
    r"(?P<role>baby\s+boy|baby\s+girl|son|daughter|newborn|baby|little\s+one)\b(?![\w-])"
    r"(?=['’]s\b|\s*[.;:!?)\"”—–]|\s*,\s+(?:who|whose|after|before|when|as|and\s+(?:his|her|"
    r"their))\b|\s+(?:who|was|is|had|has|died|passed|after|before|when|as|in|at|on|with|from|"
    r"for|that|during)\b)"
)
"""A child named only by role and possessor: "their baby boy", "her son", "Cannon's daughter"."""
CHILD_WORD_RELATION = re.compile(
    r"\b(?:is|was)\s+(?:also\s+)?the\s+(?P<role>boy|girl|baby|child|toddler|newborn|twins|"
    r"children|kids)['’]s?\s+(?:biological\s+)?(?P<rel>father|mother|dad|mom|mum)\b")
"""'X is the boy's father': the subject is a parent of the child the article is about."""
RELATION_ROLE = re.compile(
    rf"(?P<poss>{NAME}['’]s|[Hh]is|[Hh]er|[Tt]he\s+(?:[\w-]+\s+){{0,2}}?[a-z]+['’]s)\s+(?:(?:late|longtime|new)\s+)?(?P<rel>(?i:ex-wife|ex-husband|ex-girlfriend|"
    r"ex-boyfriend|ex-partner|former\s+wife|former\s+husband|wife|husband|partner|girlfriend|"
    r"boyfriend|fianc[ée]e?|brother|sister|twin\s+brother|twin\s+sister|half-brother|"
    r"half-sister|mother|father|mom|dad|widow|widower))\b(?:\s*,?\s+(?:the\s+(?:[a-z-]+\s+){0,2}?"
    rf"(?=[A-Z]))?(?P<name>{NAME}))?"
)
ORDINAL_CHILD = re.compile(
    rf"(?P<subj>\b(?:him|her)|{NAME})(?:\s+(?:is|was|as|became))?\s+"
    rf"(?P<poss>{NAME}['’]s|his|her|their)\s+(?P<ord>{ORDINAL_WORDS})\s+{CHILD_NOUN}\b"
    rf"|(?P<poss2>{NAME}['’]s|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<ord2>{ORDINAL_WORDS})\s+{CHILD_NOUN}"
    rf"\s*,\s*(?P<name2>{NAME})"
)
EXPECTING = re.compile(
    rf"(?P<subj>{NAME}|[Hh]e|[Ss]he|[Tt]hey|[Tt]he\s+couple)(?:\s+and\s+(?P<other>{NAME}|(?:the|her|his)\s+"
    r"[^,.;]{1,40}?))?\s+(?:is|are|were|was|'re|’re)\s+(?:now\s+|also\s+)?"
    r"(?:expecting|pregnant)\b"
    rf"|(?P<poss>{NAME}['’]s|[Hh]is|[Hh]er)\s+(?:upcoming|unborn|future|expected)\s+"
    rf"(?:child|baby)(?:\s+with\s+(?P<with>{NAME}))?"
)
GAVE_BIRTH = re.compile(
    rf"(?P<subj>{NAME}|[Ss]he|[Tt]he\s+(?:[\w-]+\s+)?[a-z]+|[Tt]he\s+\d{{1,3}}-year-old)"
    r"(?:,\s+\d{1,3},)?\s+(?:(?:has|had|recently|just)\s+)*gave\s+birth\s+to\s+"
    r"(?:(?P<their>their|her|his|a)\s+)?(?:(?:baby|newborn|first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+)?"
    r"(?P<role>son|daughter|baby\s+boy|baby\s+girl|boy|girl|child|twins)?\s*,?\s*"
    rf"(?P<names>{NAMELIST})"
)
BORN = re.compile(rf"(?P<name>{NAME})(?:,\s+[^,]{{1,40}},|,)?\s+was\s+born\b")
PRONOUN_WORD = re.compile(r"\b(?:he|she|him|his|her|they|their)\b", re.I)
SIBLING_JOIN = re.compile(
    rf"(?P<a>{NAME}|[Tt]he\s+(?:new\s+)?(?:baby|newborn|little\s+one|boy|girl|tot))\s+"
    r"(?:joins|is\s+joined\s+by|has|is\s+the\s+(?:younger|little)\s+sister\s+of)"
    r"\s+(?:(?:big|older|elder|little|younger|baby|twin)\s+)?(?:brothers?|sisters?|siblings?)\b")
SIBLING_ITEM = re.compile(
    r"\b(?:(?:big|older|elder|little|younger|baby|twin)\s+)?(?:brothers?|sisters?|siblings?)\s+"
    rf"(?P<names>{NAMELIST})")
BARE_RELATION = re.compile(
    r"\b(?:with|and)\s+(?P<rel>(?:his\s+|her\s+)?(?:wife|husband|partner|girlfriend|boyfriend|"
    rf"fianc[ée]e?|ex-wife|ex-husband))\s+(?P<name>{NAME})")
MARRIED = re.compile(
    rf"(?P<a>{NAME}|[Hh]e|[Ss]he)(?:,\s+\d{{1,3}},)?\s+(?:(?:first|later|secretly|then)\s+)?"
    r"(?:(?P<was>(?:was|were|had\s+been|is|has\s+been)\s+(?P<once>(?:previously|once|formerly|"
    r"briefly|first|also|happily)\s+)?)married\s+to|married)\s+"
    rf"(?:(?:the|a|an|his|her)\s+)?(?:[a-z-]+\s+){{0,3}}(?P<b>{NAME})"
    rf"|(?P<poss>{NAME}['’]s|[Hh]is|[Hh]er)\s+(?P<which>first|previous|former|second)\s+"
    rf"marriage,?\s+(?:was\s+)?(?:to|with)\s+(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+){{0,3}}"
    rf"(?P<c>{NAME})")
BORN_TO = re.compile(
    rf"(?P<child>{NAME}),?\s+(?:who\s+was\s+|was\s+)?born\s+to\s+(?P<p1>{NAME}|(?:his|her)\s+"
    rf"(?:\w+\s+)?(?:daughter|son))(?:\s+and\s+(?:(?:her|his)\s+(?:partner|husband|wife|"
    rf"boyfriend|girlfriend|fianc[ée]e?),?\s+)?(?P<p2>{NAME}))?")
NAME_WHO_AT_START = re.compile(rf"\s*(?P<subj>{NAME}),\s+(?:who|whose)\b")
BORN_LEAD = re.compile(
    rf"\bBorn\s+(?:in\s+{NAME}\s+)?(?P<when>(?:in|on)\s+[^,.]{{3,30}}),\s+(?P<name>{NAME})")
RELATIVE_WHO = re.compile(r"\bwho(?:se)?\s+(?:(?:has|had|have)\s+)?$")
WHO_HAD = re.compile(rf",\s+who\s+(?:had|has)\s+(?:a\s+|an\s+)?(?P<cond>{CONDITION})\b", re.I)
