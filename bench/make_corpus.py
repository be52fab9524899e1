"""Generates a deterministic synthetic corpus for the speed benchmarks in ``bench/run.py``.

Two shapes, both seeded so every run and every machine gets the same bytes:

* default: N Markdown posts with YAML front matter (title, ISO date, 3 tags from a pool)
  and about 430 words of Markdown body — the shape the peer generators are timed on;
* ``--raw``: N raw ``.txt`` articles as copied from web pages, with page furniture (nav
  rows, share prompts, counters, "Back To Top", hashtag rows, repeated headlines, bylines,
  date lines, related-link lists) and several versions of each event written by different
  outlets (paraphrased, reordered, with weekday phrases, spelling and number drift), so
  the clustering, dating and comparison stages have real work to do.

Every name, place and sentence is invented from small word pools below; nothing is
copied from real articles. Usage: ``python bench/make_corpus.py N [--out DIR] [--raw]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240728
WORDS_PER_POST = 430

GIVEN = [
    "Amara", "Tomas", "Ingrid", "Kenji", "Lucia", "Rafael", "Nadia", "Oskar", "Priya", "Mateo", "Helena", "Yusuf",
    "Camille", "Dmitri", "Aisha", "Bruno", "Sofia", "Henrik", "Mei", "Jonas", "Farah", "Luca", "Elena", "Tariq",
    "Greta", "Diego", "Hana", "Pavel", "Zainab", "Marco", "Lena", "Ravi", "Ines", "Samuel", "Yara", "Viktor",
    "Noor", "Felix", "Chiara", "Omar", "Astrid", "Mikhail", "Leila", "Andrei", "Rosa", "Kwame", "Beatriz", "Emil",
    "Sana", "Julien", "Tove", "Adebayo", "Marta", "Hiro", "Clara", "Idris", "Paula", "Stefan", "Wanjiru", "Nikolai",
    "Freya", "Arjun", "Teresa", "Malik", "Ana", "Gustav", "Min-jun", "Fatima", "Lars", "Carmen", "Kofi", "Irene",
    "Tobias", "Mira", "Joaquin", "Selin", "Anders", "Rania", "Patrick", "Yuki", "Agnes", "Ibrahim", "Lotte",
    "Hamid", "Eva", "Thabo", "Renata", "Milan", "Saoirse", "Emeka", "Valeria", "Jan", "Keiko"
]
ONSETS = [
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st", "t",
    "tr", "v", "w", "z"
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
CODAS = ["", "", "n", "r", "s", "l", "k", "m", "nd", "st", "v", "rt"]
TOWN_ENDS = ["ford", "bury", "dale", "vik", "grad", "stad", "mouth", "wick", "haven", "ton", "field", "moor"]
TOWN_PREFIX = ["", "", "", "", "Port ", "North ", "East ", "Upper ", "New ", "San ", "Lake "]
COUNTRIES = [
    "Norway", "Chile", "Kenya", "Portugal", "Vietnam", "Canada", "Ghana", "Poland", "Peru", "Malaysia", "Austria",
    "Morocco", "Finland", "Colombia", "Ireland", "Tanzania", "Greece", "Uruguay", "Estonia", "Senegal", "Belgium",
    "Mongolia", "Croatia", "Ecuador", "Nepal", "Denmark", "Zambia", "Slovenia", "Paraguay", "Iceland", "Jordan",
    "Latvia", "Namibia", "Bolivia", "Cyprus", "Georgia"
]
OUTLET_WORDS = ["Herald", "Courier", "Tribune", "Gazette", "Post", "Observer", "Ledger", "Chronicle",
                "Dispatch", "Journal", "Sentinel", "Review", "Bulletin", "Times", "Standard", "Wire"]
ORG_KINDS = ["Water Authority", "Transit Agency", "Port Authority", "University", "Teachers' Union",
             "Chamber of Commerce", "Health Board", "Energy Cooperative", "Housing Trust", "Police Service",
             "Fire and Rescue Service", "Farmers' Association", "Statistics Office", "Central Bank"]
COMPANY_KINDS = ["Logistics", "Foods", "Mining", "Pharma", "Steel", "Airlines", "Telecom", "Motors",
                 "Textiles", "Shipping", "Renewables", "Software", "Brewing", "Chemicals"]
TAG_POOL = [
    "politics", "economy", "climate", "health", "education", "transport", "energy", "housing", "technology",
    "science", "crime", "courts", "culture", "sport", "business", "trade", "labour", "agriculture", "environment",
    "weather", "security", "diplomacy", "elections", "infrastructure", "finance", "markets", "water", "tourism",
    "migration", "media", "aviation", "shipping", "mining", "manufacturing", "telecoms", "research", "universities",
    "hospitals", "police", "justice", "budget", "taxes", "inflation", "jobs", "wildlife", "oceans", "rivers",
    "cities", "rural-life", "startups", "retail", "banking", "insurance", "pensions", "defence", "space",
    "fisheries"
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# Each event kind: headlines, leads, fact sentences, quotes and fitting tags. Slots are filled
# from the event's facts; {when} is filled per version from its own publication date.
KINDS: dict[str, dict[str, list[str]]] = {
    "flood": {
        "head": [
            "Floods force {n1} from their homes in {town}",
            "{town} evacuates {n1} residents as the {river} bursts its banks",
            "River {river} floods {town}; thousands displaced",
            "Flooding in {town} leaves {n2} needing rescue",
        ],
        "lead": [
            "Floodwaters from the {river} river forced about {n1} people from their homes in {town} {when},"
            " officials said.",
            "{when_cap}, the {river} rose above its banks and flooded much of {town}, driving some {n1}"
            " residents to shelters.",
            "Emergency crews in {town} spent {when} pulling people from flooded streets after the {river} broke"
            " through a levee.",
        ],
        "fact": [
            "{p1}, the {r1}, said crews had rescued {n2} people by boat overnight.",
            "Rainfall reached {n3} millimetres in {n4} hours, the heaviest since {year0}.",
            "The {org1} warned that drinking water in {n4} districts might be unsafe for several days.",
            "Schools across {region} stayed closed and {n4} roads were cut off.",
            "Insurers estimated early losses at {money} across the region.",
            "Residents said the alarm sirens sounded late, a claim {p2}, the {r2}, disputed.",
            "Forecasters expect the river to peak again before the weekend.",
        ],
        "quote": [
            '"We have never seen water this high in {town}," said {p3}, a shopkeeper whose store was flooded.',
            '"The levee did what it could, but the volume was simply beyond its design," {p1} told reporters.',
        ],
        "tags": [
            "weather",
            "climate",
            "rivers",
            "infrastructure",
        ],
    },
    "strike": {
        "head": [
            "{org1} workers walk out over pay",
            "Strike at {org1} halts services in {town}",
            "{n1} staff join strike at {org1}",
            "Talks collapse as {org1} strike enters day {n4}",
        ],
        "lead": [
            "About {n1} workers at the {org1} walked off the job {when}, demanding a {pct} percent raise.",
            "Services across {town} ground to a halt {when} as staff at the {org1} began an open-ended strike.",
            "A strike by {n1} employees of the {org1} began {when} after negotiations over pay broke down.",
        ],
        "fact": [
            "{p1}, the {r1}, said management had offered only {pct2} percent.",
            "The union says real wages have fallen by {pct2} percent since {year0}.",
            '{p2}, the {r2}, called the walkout "unnecessary and damaging".',
            "Commuters in {town} faced delays of up to {n4} hours.",
            "The dispute is estimated to cost the local economy {money} a week.",
            "Mediators from the {org2} are expected to meet both sides next week.",
            "It is the first strike at the organisation since {year0}.",
        ],
        "quote": [
            '"Our members keep this city running and they deserve to be paid for it," said {p1}.',
            '"We remain open to talks, but the demands are unaffordable," said {p2}.',
        ],
        "tags": [
            "labour",
            "jobs",
            "transport",
            "economy",
        ],
    },
    "election": {
        "head": [
            "{p1} wins {town} mayoral race",
            "{town} elects {p1} as mayor after tight contest",
            "Narrow victory for {p1} in {town} election",
            "{p1} defeats {p2} to become mayor of {town}",
        ],
        "lead": [
            "{p1} won the race for mayor of {town} {when}, taking {pct} percent of the vote against {p2}.",
            "Voters in {town} chose {p1} as their next mayor {when}, ending {n4} years of rule by the incumbent.",
            "{p1}, a former {r1}, was elected mayor of {town} {when} by a margin of {n2} votes.",
        ],
        "fact": [
            "Turnout was {pct2} percent, up from the previous election in {year0}.",
            "{p2}, who conceded late in the evening, said {pronoun2} would remain on the council.",
            "The campaign centred on housing costs, which have risen {pct2} percent in five years.",
            "{p1} has promised to build {n3} affordable homes and to freeze transit fares.",
            "Election officials counted {n1} ballots, including postal votes.",
            "The result will be certified by the {org1} within {n4} days.",
        ],
        "quote": [
            '"This city voted for change, and change is what we will deliver," {p1} told supporters.',
            '"I congratulate the winner and I will hold {pronoun1} to those promises," said {p2}.',
        ],
        "tags": [
            "politics",
            "elections",
            "cities",
            "housing",
        ],
    },
    "merger": {
        "head": [
            "{co1} agrees to buy {co2} for {money}",
            "{co1} and {co2} announce merger",
            "{money} deal unites {co1} and {co2}",
            "{co1} bids {money} for rival {co2}",
        ],
        "lead": [
            "{co1} said {when} it would acquire {co2} in a deal valued at {money}.",
            "{co1} agreed {when} to buy its smaller rival {co2} for {money}, creating the largest firm in its"
            " sector in {country}.",
            "Shareholders of {co2} will receive a premium of {pct} percent under a takeover announced by {co1} {when}.",
        ],
        "fact": [
            "{p1}, the {r1}, said the combined company would employ about {n1} people.",
            "The deal still needs approval from competition regulators in {country}.",
            "Shares of {co2} rose {pct2} percent in early trading.",
            "Analysts at the {org1} said the merger could lead to {n3} job cuts.",
            "{p2}, the {r2}, will step down once the deal closes.",
            "The companies expect savings of {money2} within {n4} years.",
        ],
        "quote": [
            '"Together we can compete with anyone in the world," {p1} said in a statement.',
            '"The price reflects the value our staff have built," said {p2}.',
        ],
        "tags": [
            "business",
            "markets",
            "finance",
            "manufacturing",
        ],
    },
    "wildfire": {
        "head": [
            "Wildfire near {town} burns {n3} hectares",
            "Residents flee as fire nears {town}",
            "Crews battle blaze in hills above {town}",
            "Wildfire forces evacuation of {n1} near {town}",
        ],
        "lead": [
            "A wildfire in the hills above {town} had burned about {n3} hectares by {when}, officials said.",
            "More than {n1} people were ordered to leave their homes near {town} {when} as a fast-moving fire spread.",
            "Firefighters struggled {when} to contain a blaze fanned by strong winds outside {town}.",
        ],
        "fact": [
            "{p1}, the {r1}, said {n2} firefighters and {n4} aircraft were deployed.",
            "The fire was {pct} percent contained by the evening.",
            "Investigators believe the fire started near a power line.",
            "The {org1} closed two highways leading into {region}.",
            "At least {n4} homes were destroyed, according to {p2}, the {r2}.",
            "Temperatures in the region have exceeded 38 degrees for {n4} days.",
        ],
        "quote": [
            '"The wind changed direction twice in an hour," said {p1}.',
            '"We left with the clothes we had on," said {p3}, who lives on the edge of {town}.',
        ],
        "tags": [
            "environment",
            "climate",
            "weather",
            "wildlife",
        ],
    },
    "budget": {
        "head": [
            "{town} council approves {money} budget",
            "Budget cuts {n4} services in {town}",
            "{town} raises property tax in new budget",
            "Council in {town} passes spending plan",
        ],
        "lead": [
            "The {town} council approved a budget of {money} {when}, raising property taxes by {pct} percent.",
            "{when_cap}, councillors in {town} voted {n4} to 3 for a spending plan that trims library hours and"
            " adds police.",
            "A {money} budget passed {when} in {town} after a debate that ran past midnight.",
        ],
        "fact": [
            "{p1}, the {r1}, said the city faced a deficit of {money2}.",
            "Spending on roads will rise by {pct2} percent.",
            "The {org1} will receive an extra {money2} for repairs.",
            '{p2}, the {r2}, voted against the plan, calling it "a tax on families".',
            "The budget funds {n2} new teaching posts.",
            "It takes effect at the start of the fiscal year.",
        ],
        "quote": [
            '"Nobody likes raising taxes, but the alternative was closing schools," said {p1}.',
            '"This budget asks the most from those with the least," said {p2}.',
        ],
        "tags": [
            "budget",
            "taxes",
            "politics",
            "cities",
        ],
    },
    "trial": {
        "head": [
            "{p1} found guilty of fraud",
            "Jury convicts former {r1} {p1}",
            "Verdict in {town} fraud trial",
            "{p1} cleared of corruption charges",
        ],
        "lead": [
            "A jury in {town} found {p1}, a former {r1}, guilty of fraud {when} after {n4} days of deliberation.",
            "{p1} was convicted {when} of diverting {money} from the {org1}, prosecutors said.",
            "The trial of {p1} ended {when} with a verdict on all {n4} counts.",
        ],
        "fact": [
            "Prosecutors said {money} was moved through {n4} shell companies.",
            "{p2}, the {r2}, said the defence would appeal.",
            "Sentencing is scheduled for next month; the charges carry up to {n4} years in prison.",
            "The court heard from {n2} witnesses over {n4} weeks.",
            "The {org1} has since changed its auditing rules.",
            "The case began with a tip from an employee in {year0}.",
        ],
        "quote": [
            '"Today the jury said that nobody is above the law," said {p3}, the lead prosecutor.',
            '"My client is disappointed and will appeal," said {p2}.',
        ],
        "tags": [
            "courts",
            "crime",
            "justice",
            "politics",
        ],
    },
    "bridge": {
        "head": [
            "Bridge collapse in {town} injures {n4}",
            "Part of {town} bridge falls into {river}",
            "Inquiry ordered after {town} bridge collapse",
            "{town} bridge closed after partial collapse",
        ],
        "lead": [
            "A section of the main bridge over the {river} in {town} collapsed {when}, injuring {n4} people.",
            "{when_cap}, a span of the {river} bridge in {town} gave way during the morning rush hour.",
            "Officials in {town} ordered an inquiry {when} after part of a {n3}-metre bridge fell into the {river}.",
        ],
        "fact": [
            "{p1}, the {r1}, said the bridge had passed an inspection in {year0}.",
            "About {n1} vehicles crossed the bridge each day.",
            "Divers searched the river for {n4} hours for possible victims.",
            "The {org1} said repairs could cost {money}.",
            "{p2}, the {r2}, blamed years of deferred maintenance.",
            "Traffic is being diverted through {town2}, adding an hour to journeys.",
        ],
        "quote": [
            '"I heard a crack like thunder and then the road was gone," said {p3}, a driver.',
            '"We will find out what failed and who knew," said {p1}.',
        ],
        "tags": [
            "infrastructure",
            "transport",
            "cities",
            "security",
        ],
    },
    "rates": {
        "head": [
            "Central bank of {country} raises rates to {pct3} percent",
            "{country} holds interest rates at {pct3} percent",
            "Surprise rate cut in {country}",
            "{country} central bank signals pause",
        ],
        "lead": [
            "The central bank of {country} raised its main interest rate to {pct3} percent {when}, citing"
            " stubborn inflation.",
            "Policymakers in {country} left rates unchanged at {pct3} percent {when} but warned of further increases.",
            "{when_cap}, the central bank of {country} moved its benchmark rate to {pct3} percent.",
        ],
        "fact": [
            "Inflation stood at {pct2} percent last month.",
            "{p1}, the {r1}, said wage growth remained too strong.",
            "The decision was backed by {n4} of the {n5} board members.",
            "The currency rose {pct4} percent against the euro after the announcement.",
            "Economists at the {org1} had expected a smaller move.",
            "Mortgage holders will pay an average of {money3} more a month.",
        ],
        "quote": [
            '"We will do what it takes to bring inflation back to target," {p1} said.',
            '"Households are already stretched," said {p2}, the {r2}.',
        ],
        "tags": [
            "economy",
            "inflation",
            "banking",
            "finance",
        ],
    },
    "hospital": {
        "head": [
            "New hospital opens in {town}",
            "{town} hospital to add {n2} beds",
            "{org1} opens {money} hospital wing",
            "Waiting lists fall as {town} hospital opens",
        ],
        "lead": [
            "A {money} hospital opened in {town} {when}, adding {n2} beds to a region with long waiting lists.",
            "The {org1} opened its new hospital in {town} {when}, {n4} years after construction began.",
            "Patients were moved into a new hospital in {town} {when}, officials said.",
        ],
        "fact": [
            "{p1}, the {r1}, said emergency waits should fall by {pct} percent.",
            "The building has {n4} operating theatres and a maternity unit.",
            "The project ran {money2} over budget, according to the {org2}.",
            "{p2}, the {r2}, said the hospital still needed {n3} more nurses.",
            "The old hospital, built in {year0}, will be converted into housing.",
        ],
        "quote": [
            '"This is the best day for healthcare in {town} in a generation," said {p1}.',
            '"Buildings do not treat patients, staff do," said {p2}.',
        ],
        "tags": [
            "health",
            "hospitals",
            "cities",
            "budget",
        ],
    },
    "discovery": {
        "head": [
            "Researchers at {org1} report new species in {region}",
            "{n4} new species found in {region}",
            "Scientists describe rare frog from {region}",
            "Expedition to {region} finds unknown insects",
        ],
        "lead": [
            "Scientists at the {org1} said {when} they had identified {n4} previously unknown species in {region}.",
            "A team led by {p1} described a new species of frog from the forests of {region} {when}.",
            "{when_cap}, researchers published details of an expedition to {region} that found {n3} insect species.",
        ],
        "fact": [
            "{p1}, the {r1}, said the forest is shrinking by {pct} percent a year.",
            "The findings were published in a peer-reviewed journal.",
            "The team spent {n4} weeks in the field and collected {n2} samples.",
            "{p2}, the {r2}, called for the area to be protected.",
            "Funding came from the {org2} and a grant of {money3}.",
        ],
        "quote": [
            '"Every expedition reminds us how little we know," said {p1}.',
            '"These animals may vanish before we learn anything about them," said {p2}.',
        ],
        "tags": [
            "science",
            "research",
            "wildlife",
            "environment",
        ],
    },
    "transit": {
        "head": [
            "{town} opens new tram line",
            "New metro line links {town} and {town2}",
            "{money} rail link opens in {town}",
            "Commuters try out {town} tram line",
        ],
        "lead": [
            "A {n3}-kilometre tram line opened in {town} {when}, linking the centre with {town2}.",
            "The first trains ran {when} on a new line between {town} and {town2}, built for {money}.",
            "{when_cap}, the {org1} opened a long-delayed rail link through {town}.",
        ],
        "fact": [
            "{p1}, the {r1}, expects {n1} passengers a day.",
            "The line has {n4} stations and trains every {n4} minutes at peak.",
            "Construction took {n4} years and ran over budget by {money2}.",
            "{p2}, the {r2}, said fares would be frozen for a year.",
            "Businesses along the route said roadworks had cut sales by {pct} percent.",
        ],
        "quote": [
            '"This line changes how people move around {town}," said {p1}.',
            '"It is late and expensive, but it is finally here," said {p3}, a commuter.',
        ],
        "tags": [
            "transport",
            "infrastructure",
            "cities",
            "budget",
        ],
    },
    "summit": {
        "head": [
            "Leaders of {country} and {country2} meet in {town}",
            "{country} and {country2} sign trade pact",
            "{country2} and {country} agree on border crossings",
            "Talks in {town} end with joint statement",
        ],
        "lead": [
            "The leaders of {country} and {country2} met in {town} {when} and signed an agreement to cut tariffs.",
            "{when_cap}, ministers from {country} and {country2} agreed in {town} to reopen {n4} border crossings.",
            "Delegations from {country} and {country2} ended two days of talks in {town} {when} with a joint"
            " statement.",
        ],
        "fact": [
            "{p1}, the {r1}, said trade between the two could reach {money} within {n4} years.",
            "The agreement covers farm goods, steel and fishing rights.",
            "{p2}, the {r2}, said disputes over water use were not resolved.",
            "Protesters gathered outside the venue in {town}.",
            "The next round of talks is planned in {town2}.",
        ],
        "quote": [
            '"Our two countries are stronger when we trade," {p1} said.',
            '"Some issues need more time," said {p2}.',
        ],
        "tags": [
            "diplomacy",
            "trade",
            "politics",
            "economy",
        ],
    },
    "launch": {
        "head": [
            "{co1} launches satellite from {town}",
            "Rocket carrying {co1} satellite lifts off",
            "{co1} satellite reaches orbit",
            "Launch from {town} puts weather satellite in orbit",
        ],
        "lead": [
            "A rocket carrying a weather satellite built by {co1} lifted off from {town} {when}.",
            "{co1} said {when} its new satellite had reached orbit after a launch from {town}.",
            "{when_cap}, a satellite for the {org1} was launched from a coastal site near {town}.",
        ],
        "fact": [
            "{p1}, the {r1}, said the satellite would improve storm forecasts.",
            "The satellite weighs {n3} kilograms and will orbit at {n2} kilometres.",
            "The mission cost {money}, shared with the {org1}.",
            "{p2}, the {r2}, said a second satellite would follow next year.",
            "It was the {n4}th launch from the site.",
        ],
        "quote": [
            '"Better data means earlier warnings," said {p1}.',
            '"The team worked through the night," said {p2}.',
        ],
        "tags": [
            "space",
            "science",
            "technology",
            "weather",
        ],
    },
}
GENERIC = [
    "The {org2} said it would publish a full report within {n4} weeks.",
    "Local media in {region} reported similar concerns last year.",
    "It was not immediately clear how the decision would affect residents of {town2}.",
    "{p3}, who has followed the issue for years, said the problem had been building for some time.",
    "Figures from the {org1} show a steady change since {year0}.",
    "Opposition politicians called for a public inquiry.",
    "Several neighbouring towns in {region} are watching the outcome closely.",
    "The announcement came as the region prepared for its busiest season.",
    "A spokesperson for the {org2} declined to comment further.",
    "Critics said the timetable was too ambitious.",
    "Supporters said the move was long overdue.",
    "The issue is expected to come up again at next month's council meeting in {town}.",
    "Questions remain over who will pay for the work in the long term.",
    "Residents have been invited to a public meeting at the town hall in {town} next week.",
    "Experts cautioned that the early figures could change as more information arrives.",
    "The government in {country} has not yet commented.",
    "Both sides are expected to publish their own accounts of what happened.",
    "Similar events in {town2} in {year0} led to changes in the law.",
    "An online petition has gathered {n2} signatures.",
    "The story has dominated radio phone-ins across {region} this week.",
]
# A small grammar for the event-specific colour that fills most of an article: who said
# what about which local thing. Each event draws its own sentences once, and its versions
# reuse most of them, so versions of one event overlap far more than different events do.
OCCUPATIONS = [
    "nurse", "bus driver", "teacher", "retired engineer", "farmer", "shop owner", "student", "plumber",
    "fisherman", "pharmacist", "taxi driver", "bookkeeper", "civil engineer", "baker", "social worker",
    "port worker", "town planner", "volunteer firefighter", "local historian", "hotel manager", "carpenter",
]
THINGS = [
    "water system", "ring road", "harbour", "school district", "power grid", "ferry service", "housing scheme",
    "rail depot", "market hall", "sewage plant", "fishing fleet", "airport runway", "tax office", "city archive",
    "flood barrier", "bus network", "hospital car park", "grain terminal", "public library", "sports centre",
]
STATES = ["neglected", "underfunded", "overcrowded", "mismanaged", "ignored", "delayed", "patched up",
          "outgrown", "poorly planned", "left to decay"]
GROUPS = ["small businesses", "pensioners", "students", "farmers", "shift workers", "young families", "tenants",
          "fishermen", "nurses", "commuters", "shop owners", "seasonal workers"]
SUBJECTS = ["{P}, a {occ} from {T},", "{P}, who has lived in {T} for {k} years,", "{P}, a {occ},",
            "A {occ} named {P}", "{P}, chair of a residents' group in {T},", "{P}, an analyst at the {O},"]
VERBS = ["said", "argued", "told a local radio station", "warned", "insisted", "wrote in a letter to the council",
         "pointed out", "complained"]
CLAUSES = [
    "the {thing} in {T} had been {state} for {k} years",
    "nobody had asked {group} what they needed",
    "{group} in {T} would bear most of the cost",
    "the {thing} would cost at least ${k} million to fix",
    "the {thing} should be reviewed before {month}",
    "{group} had been warning about the {thing} since {year}",
    "a similar plan in {T} had failed in {year}",
    "about {n} {group} had signed a letter of complaint",
    "the {thing} was the real story and had been {state} for a decade",
    "{group} in {T} were already paying {pct} percent more than last year",
]


def _colour(rng: random.Random, names: Names, event_slots: dict[str, str]) -> str:
    """One sentence of local colour with fresh names and numbers."""
    fill = {
        "P": names.person(rng), "occ": rng.choice(OCCUPATIONS), "T": rng.choice(
            [event_slots["town"], event_slots["town2"], rng.choice(names.towns)]),
        "O": event_slots[rng.choice(["org1", "org2"])], "k": str(rng.randint(2, 40)),
        "thing": rng.choice(THINGS), "state": rng.choice(STATES), "group": rng.choice(GROUPS),
        "month": rng.choice(MONTHS), "year": str(rng.randint(1990, 2022)), "n": f"{rng.randint(30, 5000):,}",
        "pct": str(rng.randint(3, 30)),
    }
    subject = rng.choice(SUBJECTS).format_map(fill)
    return f"{subject} {rng.choice(VERBS)} that {rng.choice(CLAUSES).format_map(fill)}."


ROLES = ["mayor of {town}", "regional fire chief", "chief executive", "union secretary", "finance minister",
         "council leader", "police commissioner", "head of the {org1}", "opposition leader", "chief economist",
         "emergency services director", "lead researcher", "transport minister", "hospital director",
         "board chair", "defence lawyer", "governor of {region}", "deputy mayor", "health minister",
         "spokesperson for the {org2}"]
# Word-level paraphrase: each version picks its own synonym for these, so versions of one
# event share facts but not wording.
SYNONYMS = [  # (pattern, choices); the patterns avoid spots where a swap breaks the grammar
    (r"\bsaid\b", ["said", "stated", "noted", "told reporters"]),
    (r"\bofficials\b", ["officials", "authorities", "local officials"]),
    (r"\bresidents\b(?!')", ["residents", "locals", "people living there"]),
    (r"\babout\b(?= [\d$])", ["about", "around", "roughly", "nearly"]),
    (r"\bannounced\b", ["announced", "unveiled", "set out"]),
    (r"\bwarned\b", ["warned", "cautioned"]),
    (r"\bpeople\b", ["people", "residents", "inhabitants"]),
]
FURNITURE_TOP = ["Home News World Business Sport Opinion Culture Video", "Menu", "Skip to main content",
                 "#TrendingNews Blog Business Entertainment Environment Health Lifestyle News Opinion Science",
                 "Subscribe", "Log in", "Search", "News | World | Local | Politics | Economy"]
FURNITURE_BOTTOM = ["Share", "Share This Post On", "Tweet", "Email", "Print", "Back To Top", "Leave a comment",
                    "You need to login to leave a comment. Log-in", "Facebook Twitter LinkedIn WhatsApp",
                    "Sign up for our newsletter", "Related Articles", "Advertisement", "Read more",
                    "Comments are closed.", "Copy link"]


@dataclass
class Event:
    """One real-world happening; every version of it is written from these facts."""

    kind: str
    date: dt.date
    slots: dict[str, str]
    tags: list[str]
    aliases: dict[str, str] = field(default_factory=dict)  # person → misspelling some outlets use
    colour: list[str] = field(default_factory=list)  # event-specific sentences shared by its versions


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


class Names:
    """Deterministic pools of invented surnames, towns, rivers, regions and outlets."""

    def __init__(self, rng: random.Random) -> None:
        self.surnames = sorted({_word(rng, rng.choice((2, 2, 3))) for _ in range(4000)})
        self.towns = sorted({rng.choice(TOWN_PREFIX) + _word(rng, 2).rstrip("aeiou").capitalize()
                             + rng.choice(TOWN_ENDS) for _ in range(1500)})
        self.rivers = sorted({_word(rng, 2) for _ in range(300)})
        self.regions = sorted({_word(rng, 3) + rng.choice(["ia", "land", " Province", " Valley", " Coast"])
                               for _ in range(200)})
        outlets = {f"The {_word(rng, 2)} {rng.choice(OUTLET_WORDS)}" for _ in range(120)}
        outlets |= {f"{_word(rng, 2)} {rng.choice(['News', 'Today', 'Daily', 'Online', 'Report'])}" for _ in range(60)}
        self.outlets = sorted(outlets)

    def person(self, rng: random.Random) -> str:
        return f"{rng.choice(GIVEN)} {rng.choice(self.surnames)}"


def _num(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi):,}"


def _misspell(name: str, rng: random.Random) -> str:
    """A plausible misspelling of a surname, as sloppy outlets print them."""
    first, _, last = name.partition(" ")
    if len(last) < 5:
        return name
    i = rng.randrange(1, len(last) - 2)
    last = last[:i] + last[i + 1] + last[i] + last[i + 2 :]
    return f"{first} {last}"


def make_event(rng: random.Random, names: Names, start: dt.date, span_days: int) -> Event:
    kind = rng.choice(sorted(KINDS))
    date = start + dt.timedelta(days=rng.randrange(span_days))
    slots = {
        "town": rng.choice(names.towns), "town2": rng.choice(names.towns), "river": rng.choice(names.rivers),
        "region": rng.choice(names.regions), "country": rng.choice(COUNTRIES), "country2": rng.choice(COUNTRIES),
        "org1": "", "org2": "",
        "co1": f"{rng.choice(names.surnames)} {rng.choice(COMPANY_KINDS)}",
        "co2": f"{rng.choice(names.surnames)} {rng.choice(COMPANY_KINDS)}",
        "n1": _num(rng, 800, 60000), "n2": _num(rng, 20, 900), "n3": _num(rng, 100, 9000),
        "n4": str(rng.randint(2, 14)), "n5": str(rng.randint(15, 19)),
        "pct": str(rng.randint(3, 40)), "pct2": f"{rng.randint(1, 12)}.{rng.randint(0, 9)}",
        "pct3": f"{rng.randint(1, 9)}.{rng.choice(['0', '25', '5', '75'])}", "pct4": f"0.{rng.randint(1, 9)}",
        "money": f"${rng.randint(2, 950)} million", "money2": f"${rng.randint(1, 90)} million",
        "money3": f"${rng.randint(40, 900):,}", "year0": str(rng.randint(1975, 2019)),
        "pronoun1": rng.choice(["him", "her"]), "pronoun2": rng.choice(["he", "she"]),
    }
    slots["org1"] = f"{slots['town']} {rng.choice(ORG_KINDS)}"
    slots["org2"] = f"{slots['region']} {rng.choice(ORG_KINDS)}"
    for i in (1, 2, 3):
        slots[f"p{i}"] = names.person(rng)
        slots[f"r{i}"] = rng.choice(ROLES).format_map(slots)
    tags = [*rng.sample(KINDS[kind]["tags"], 2), rng.choice(TAG_POOL)]
    tags = list(dict.fromkeys(tags))
    while len(tags) < 3:
        tags.append(rng.choice(TAG_POOL))
        tags = list(dict.fromkeys(tags))
    aliases = {slots["p1"]: _misspell(slots["p1"], rng)}
    colour = [_colour(rng, names, slots) for _ in range(22)]
    return Event(kind, date, slots, tags, aliases, colour)


def when_phrase(event: dt.date, published: dt.date, rng: random.Random) -> str:
    """How a reporter writing on ``published`` refers to ``event``: a weekday, 'yesterday', a date."""
    gap = (published - event).days
    weekday = WEEKDAYS[event.weekday()]
    choices = [f"on {weekday}", f"on {MONTHS[event.month - 1]} {event.day}"]
    if gap == 1:
        choices.append("yesterday")
    elif 2 <= gap <= 6:
        choices.append(f"last {weekday}")
    elif gap == 0:
        choices.append("today")
    return rng.choice(choices)


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format_map(slots)


def _paraphrase(text: str, rng: random.Random, choices: dict[str, str]) -> str:
    for pattern, _ in SYNONYMS:
        text = re.sub(pattern, choices[pattern], text)
    return text


def write_version(event: Event, rng: random.Random, names: Names, *, published: dt.date, outlet: str | None,
                  min_words: int, md: bool, version: int) -> tuple[str, list[str]]:
    """Headline and body paragraphs for one outlet's version of ``event``."""
    kind = KINDS[event.kind]
    slots = dict(event.slots)
    if version and rng.random() < 0.3:  # sloppy outlets misspell names
        for right, wrong in event.aliases.items():
            for key in ("p1", "p2", "p3"):
                if slots[key] == right:
                    slots[key] = wrong
    if version and rng.random() < 0.25:  # and report a different count
        n = int(slots["n1"].replace(",", ""))
        slots["n1"] = f"{int(n * rng.uniform(0.8, 1.2)):,}"
    when = when_phrase(event.date, published, rng)
    slots["when"] = when
    slots["when_cap"] = when[0].upper() + when[1:]
    synonyms = {w: rng.choice(opts) for w, opts in SYNONYMS}
    title = _fill(rng.choice(kind["head"]), slots)
    lead = _fill(rng.choice(kind["lead"]), slots)
    facts = [_fill(f, slots) for f in rng.sample(kind["fact"], k=rng.randint(max(3, len(kind["fact"]) - 2),
                                                                             len(kind["fact"])))]
    quotes = [_fill(q, slots) for q in kind["quote"]]
    sentences = facts
    paragraphs = [_paraphrase(lead, rng, synonyms)]
    colour = rng.sample(event.colour, k=rng.randint(12, len(event.colour)))
    pool = [s for pair in zip(sentences, colour, strict=False) for s in pair]
    pool += colour[len(sentences):] + sentences[len(colour):]
    pool = [_paraphrase(s, rng, synonyms) for s in pool]
    rng.shuffle(quotes)
    pool[rng.randint(1, len(pool)) : rng.randint(1, len(pool))] = quotes[:1]
    generic = rng.sample(GENERIC, len(GENERIC))
    words = len(paragraphs[0].split())
    while words < min_words:
        if pool:
            n = rng.randint(1, 3)
            para = " ".join(pool[:n])
            del pool[:n]
        elif generic:
            para = " ".join(_fill(g, slots) for g in generic[:2])
            del generic[:2]
        else:  # out of material: more local colour, as long pieces quote more people
            para = " ".join(_colour(rng, names, slots) for _ in range(2))
        paragraphs.append(para)
        words += len(para.split())
    if md:
        paragraphs = _markdownify(paragraphs, slots, rng)
    return title, paragraphs


def _markdownify(paragraphs: list[str], slots: dict[str, str], rng: random.Random) -> list[str]:
    """Sprinkle the Markdown constructs real posts use, so the Markdown renderer has work."""
    out = list(paragraphs)
    out[0] = out[0].replace(slots["p1"], f"**{slots['p1']}**", 1)
    if len(out) > 4:
        out.insert(len(out) // 2, f"## {rng.choice(['Background', 'What happens next', 'Reaction', 'The numbers'])}")
    if rng.random() < 0.5:
        out.append("Key figures:\n\n" + "\n".join(f"- {k}: {slots[v]}" for k, v in
                                                   (("people affected", "n1"), ("cost", "money"), ("since", "year0"))))
    if rng.random() < 0.4:
        slug = re.sub(r"[^a-z0-9]+", "-", slots["org1"].lower()).strip("-")
        out.append(f"*Further reading:* the [{slots['org1']} statement](https://example.org/{slug}).")
    if rng.random() < 0.2:
        out.append(f"> {rng.choice(GENERIC).format_map(slots)}")
    return out


def _date_line(d: dt.date, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 1:
        return f"Published {d.day:02d}/{d.month:02d}/{d.year} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
    if style == 2:
        return f"{WEEKDAYS[d.weekday()][:3]} {d.day} {MONTHS[d.month - 1][:3]} {d.year}"
    if style == 3:
        return f"Updated {MONTHS[d.month - 1]} {d.day}, {d.year} at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm"
    return d.isoformat()


def raw_page(event: Event, title: str, paragraphs: list[str], published: dt.date, outlet: str,
             author: str, related: list[str], rng: random.Random) -> str:
    """Wrap one version in the furniture of a scraped web page; the layout is chosen per outlet."""
    layout = random.Random(outlet)  # the same outlet always looks the same
    lines: list[str] = []
    if layout.random() < 0.6:
        lines.append(layout.choice(FURNITURE_TOP))
    if layout.random() < 0.3:
        lines.append(str(rng.randint(0, 40)))
    if layout.random() < 0.5:
        lines.append(_date_line(published, rng))
    lines.append(title)
    if layout.random() < 0.4:
        lines.append(f"{outlet} {published.year}")
    if layout.random() < 0.4:
        lines.append(title)  # repeated headline
    byline = layout.choice(["By {a}", "By: {a}", "{a}, Staff Writer", "By {a} | {o}", "Written by {a}"])
    if layout.random() < 0.8:
        lines.append(byline.format(a=author, o=outlet))
    if layout.random() < 0.5 and not any(line[:1].isdigit() for line in lines):
        lines.append(_date_line(published, rng))
    sep = layout.choice(["\n\n", "\n", "\n\n\n"])
    body = list(paragraphs)
    if layout.random() < 0.4 and len(body) > 3:
        body.insert(len(body) // 2, "Advertisement")
    if layout.random() < 0.3 and len(body) > 4:
        body.insert(3, f"Read more: {rng.choice(related)}" if related else "Read more")
    tail = layout.sample(FURNITURE_BOTTOM, layout.randint(1, 4))
    if layout.random() < 0.4:
        tail.insert(0, " ".join("#" + re.sub(r"[^A-Za-z0-9]", "", w.title()) for w in event.tags))
    if layout.random() < 0.3:
        tail.append(f"{rng.randint(0, 300)} Comments")
    if related and layout.random() < 0.5:
        tail += ["Related", *related[:3]]
    if layout.random() < 0.2:
        tail.append(f"© {published.year} {outlet}. All rights reserved.")
    text = "\n".join(lines) + "\n\n" + sep.join(body) + "\n\n" + "\n".join(tail) + "\n"
    if layout.random() < 0.3:
        text = text.replace("\n", "  \n")  # trailing spaces from copy-paste
    return text


def generate(n: int, out: Path, *, raw: bool = False, seed: int = SEED,
             events: list[list[str]] | None = None) -> list[Path]:
    """Write ``n`` files under ``out`` and return their paths (sorted).

    When ``events`` is given, one list of file names per generated event is appended to it:
    the ground truth a clustering stage should recover.
    """
    rng = random.Random(seed)
    names = Names(random.Random(seed + 1))
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(2023, 1, 1)
    # About one event per four raw articles keeps clusters of 1–6 versions; the span grows with N
    # so the timeline and date blocking see realistic density rather than one crowded month.
    span = max(60, min(3 * 365, n // 4))
    spread = (0.4, 1.6) if raw else (0.85, 1.15)  # scraped pages range from briefs to long reads
    paths: list[Path] = []
    order = random.Random(seed + 2).sample(range(n), n)
    i = 0
    titles: list[str] = []
    while i < n:
        event = make_event(rng, names, start, span)
        versions = 1 if not raw else min(n - i, rng.choice((1, 1, 2, 3, 3, 4, 5, 6)))
        outlets = rng.sample(names.outlets, versions)
        members: list[str] = []
        for v in range(versions):
            published = event.date + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5)) if v else 0)
            title, paras = write_version(event, rng, names, published=published, outlet=outlets[v],
                                         min_words=int(WORDS_PER_POST * rng.uniform(*spread)), md=not raw,
                                         version=v)
            if raw:
                author = names.person(rng)
                related = rng.sample(sorted(set(titles)), min(3, len(set(titles))))
                text = raw_page(event, title, paras, published, outlets[v], author, related, rng)
                # Shuffled numbering and opaque names: versions of one event are not neighbours
                # on disk and the name gives nothing away, as with real scraped files.
                path = out / f"{order[i]:06d}_{rng.getrandbits(64):016x}.txt"
            else:
                tags = ", ".join(event.tags)
                safe_title = title.replace('"', "'")
                text = (f'---\ntitle: "{safe_title}"\ndate: {published.isoformat()}\ntags: [{tags}]\n---\n\n'
                        + "\n\n".join(paras) + "\n")
                path = out / f"post-{i:06d}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            members.append(path.name)
            titles.append(title)
            if len(titles) > 200:
                del titles[:100]
            i += 1
        if events is not None:
            events.append(members)
    return sorted(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of files to write")
    parser.add_argument("--out", type=Path, default=None, help="folder to write into (default bench/corpus-N[-raw])")
    parser.add_argument("--raw", action="store_true", help="raw .txt web-page copies with several versions per event")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--manifest", type=Path, default=None,
                        help="write the true event groups (JSON list of file-name lists) here")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    out = args.out or Path(__file__).resolve().parent / f"corpus-{args.n}{'-raw' if args.raw else ''}"
    events: list[list[str]] = []
    paths = generate(args.n, out, raw=args.raw, seed=args.seed, events=events)
    if args.manifest:
        args.manifest.write_text(json.dumps(events, indent=0), encoding="utf-8")
    print(f"wrote {len(paths)} {'raw .txt' if args.raw else 'Markdown'} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
