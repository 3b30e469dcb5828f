"""The typed-translation judge (docs/scoring.md, "How a typed translation is judged"), table-driven.

Each row is a realistic line a player might type, with the verdict a thoughtful facilitator
would give it. `parent` None means "the objective's own sentence" (the level just below the
top translates the objective itself). The tiny-bakery rows were written first and the
thresholds in game/engine/judge.py were tuned against them only; the Northwind rows were
written afterwards as a hold-out, against a scenario the thresholds never saw. Before any
change for the hold-out 33 of its 40 rows passed; general fixes followed (locality no longer
ignores role words the objective uses — a "adds nothing" rule replaces it; another
objective's evidence excludes the judged objective's theme words and the role's own words),
and the three rows still failing are marked xfail with the reason.
"""

from __future__ import annotations

import pytest

from game.engine.judge import Verdict, judge
from game.scenario import load_scenario
from tests.conftest import FIXTURES, ROOT

PATHS = {
    "tiny": FIXTURES / "good" / "tiny.yaml",
    "northwind": ROOT / "scenarios" / "northwind.yaml",
}
_LOADED: dict = {}


def scenario(name: str):
    if name not in _LOADED:
        _LOADED[name] = load_scenario(PATHS[name])
    return _LOADED[name]


def row(name, objectives, role, text, parent, siblings, expected, *, id, marks=()):
    """One table row; `objectives` is an id or a tuple of ids (a merge)."""
    if isinstance(objectives, str):
        objectives = (objectives,)
    return pytest.param(
        name, objectives, role, text, parent, tuple(siblings), expected, id=id, marks=marks
    )


# --- tiny bakery: the tuning set --------------------------------------------------------
# third_shop: "Open a profitable third shop in the station district by the end of the quarter."
# cut_waste:  "Cut unsold bread from 9% to 5% by baking to the order book."
# raise_nps:  "Raise customer NPS from 52 to 60."
# keep_running: "Keep both shops running smoothly."
# head_baker speaks of oven, dough, shift, loaf, waste; shop_lead of till, queue, customer,
# shop, counter. The scenario's vague words: excellence, synergy, best, world-class, nicer.
BAKER_PLAN = "Hire two bakers for a 4am shift so our two ovens can also bake for the station shop."
COUNTER_PLAN = "Set up the station counter so commuters are served in under a minute."
MERGE = "Drive excellence across cut waste to 5% and raise nps from 52 to 60."

TINY = [
    # verbatim copies and near-copies of the objective
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Open a profitable third shop in the station district by the end of the quarter.",
        None,
        [],
        "copy",
        id="tiny-verbatim",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "  open a PROFITABLE third shop in the station district, by the end of the quarter!!",
        None,
        [],
        "copy",
        id="tiny-verbatim-case-punctuation",
    ),
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Open a profitable third shop in the harbour district by the end of the quarter.",
        None,
        [],
        "copy",
        id="tiny-one-word-changed",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "By the end of the quarter, open a profitable third shop in the station district.",
        None,
        [],
        "copy",
        id="tiny-reordered",
    ),
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Open a profitable third shop in the station district by the end of the quarter, "
        "with fresh bread from our ovens every morning.",
        None,
        [],
        "copy",
        id="tiny-copy-plus-garnish",
    ),
    row(
        "tiny",
        "cut_waste",
        "head_baker",
        "Cut unsold bread from 9% to 4% by baking to the order book.",
        None,
        [],
        "copy",
        id="tiny-number-changed",
    ),
    row(
        "tiny",
        "cut_waste",
        "shop_lead",
        "cut unsold bread from nine to five percent by baking to the order book",
        None,
        [],
        "copy",
        id="tiny-numbers-spelled-out",
    ),
    row(
        "tiny",
        "raise_nps",
        "shop_lead",
        "Get our NPS up from 52 to 60 this quarter.",
        None,
        [],
        "copy",
        id="tiny-target-repeated",
    ),
    # copies of a sibling
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "set up the station counter so commuters are served in under a minute",
        None,
        [COUNTER_PLAN],
        "copy",
        id="tiny-sibling-copy",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "Hire two bakers for a 5am shift so our two ovens can also bake for the station shop.",
        None,
        [BAKER_PLAN],
        "copy",
        id="tiny-sibling-near-copy",
    ),
    # good local translations, in the role's own words
    row(
        "tiny",
        "third_shop",
        "head_baker",
        BAKER_PLAN,
        None,
        [COUNTER_PLAN],
        "translation",
        id="tiny-baker-early-shift",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "Set up the station counter so commuters get served in under a minute and the queue "
        "never reaches the door.",
        None,
        [BAKER_PLAN],
        "translation",
        id="tiny-shop-station-counter",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "  STATION counter: 2 tills, card-only, serve commuters in <1 min!!! ",
        None,
        [],
        "translation",
        id="tiny-terse-noisy-but-local",
    ),
    row(
        "tiny",
        "cut_waste",
        "head_baker",
        "Plan each morning's dough from yesterday's pre-orders and bake one small top-up batch "
        "at noon instead of a full oven load.",
        None,
        [],
        "translation",
        id="tiny-baker-dough-from-preorders",
    ),
    row(
        "tiny",
        "cut_waste",
        "shop_lead",
        "Offer a pre-order slip at the till and text customers the night before to confirm.",
        None,
        [],
        "translation",
        id="tiny-shop-preorder-slip",
    ),
    row(
        "tiny",
        "raise_nps",
        "shop_lead",
        "Ask every customer at the till what would bring them back, and fix the top complaint "
        "each week.",
        None,
        [],
        "translation",
        id="tiny-shop-ask-at-till",
    ),
    row(
        "tiny",
        "raise_nps",
        "head_baker",
        "Leave the loaves in the oven two minutes longer for a darker crust and bake a second "
        "batch at 11 so afternoon customers get warm bread.",
        None,
        [],
        "translation",
        id="tiny-baker-darker-crust",
    ),
    row(
        "tiny",
        "keep_running",
        "head_baker",
        "Service both ovens every Sunday and keep a spare thermostat so a breakdown never costs "
        "us a baking day.",
        None,
        [],
        "translation",
        id="tiny-baker-oven-service",
    ),
    # on topic but not local: the objective restated in other words
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Get a third bakery open near the station and make it pay for itself before the quarter "
        "is over.",
        None,
        [],
        "vague",
        id="tiny-restated-baker",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "Get the new shop near the station opened and profitable fast.",
        None,
        [],
        "vague",
        id="tiny-restated-echoing-shop",
    ),
    row(
        "tiny",
        "cut_waste",
        "shop_lead",
        "Reduce the share of bread we throw away from nine to five percent.",
        None,
        [],
        "vague",
        id="tiny-restated-waste",
    ),
    # vague slogans, with and without the scenario's vague words; very short lines
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Drive excellence in everything we do",
        None,
        [],
        "vague",
        id="tiny-slogan-excellence",
    ),
    row(
        "tiny",
        "raise_nps",
        "shop_lead",
        "Be world-class.",
        None,
        [],
        "vague",
        id="tiny-world-class",
    ),
    row(
        "tiny",
        ("cut_waste", "raise_nps"),
        "head_baker",
        "Strive for excellence in every loaf we bake.",
        MERGE,
        [],
        "vague",
        id="tiny-merge-excellence-loaf",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "Give it our all and make the new shop a success!",
        None,
        [],
        "vague",
        id="tiny-slogan-no-vague-word",
    ),
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Everyone needs to step up and give one hundred percent to make this happen.",
        None,
        [],
        "vague",
        id="tiny-slogan-hundred-percent",
    ),
    row("tiny", "cut_waste", "head_baker", "Bake less.", None, [], "vague", id="tiny-two-words"),
    row("tiny", "third_shop", "shop_lead", "Station shop!", None, [], "vague", id="tiny-two-nouns"),
    # off topic: unrelated work, or another objective's work
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Switch to a sourdough starter that keeps the dough stable overnight.",
        None,
        [],
        "misaligned",
        id="tiny-offtopic-sourdough",
    ),
    row(
        "tiny",
        "cut_waste",
        "shop_lead",
        "Redesign the shop window with seasonal displays to pull in more customers.",
        None,
        [],
        "misaligned",
        id="tiny-offtopic-window",
    ),
    row(
        "tiny",
        "raise_nps",
        "head_baker",
        "Repaint the back office and sort out the staff lockers.",
        None,
        [],
        "misaligned",
        id="tiny-offtopic-repaint",
    ),
    row(
        "tiny",
        "third_shop",
        "shop_lead",
        "Hand every customer a pre-order card at the till so we only bake what is ordered.",
        None,
        [],
        "misaligned",
        id="tiny-other-objective-preorders",
    ),
    row(
        "tiny",
        "third_shop",
        "head_baker",
        "Bake only to the order book so the shop bins stay empty at closing.",
        None,
        [],
        "misaligned",
        id="tiny-other-objective-mentions-shop",
    ),
]

# --- Northwind Logistics: the hold-out, written after the thresholds were fixed ------------
# Levels: chief executive -> VPs (translate the objective itself) -> directors (translate
# their VP's text). dir_warehousing and dir_transport report to vp_operations,
# dir_customer_care to vp_customer, dir_key_accounts to vp_sales.
EMPTY_MILES = (
    "27% of our truck kilometres run empty, mostly on the way home from the port and the "
    "stores; sell backhaul loads and merge the Hull and Lincoln trunks so the fleet earns on "
    "the return leg."
)
OPS_TRIANGLE = (
    "Run the Hull and Lincoln trunks as one overnight triangle out of the Doncaster depot from "
    "week 5, and stop any truck leaving a site without a booked return load."
)
TRANSPORT_TRIANGLE = (
    "Re-plan the driver rosters so the triangle runs five nights with two drivers swapping at "
    "Lincoln, and use telematics to check each trailer comes back loaded."
)
CARE_LATE_LIST = (
    "Give the care team a 7am list of every late or short load from the sites, and make the "
    "first SLA call to the customer ourselves before they complain."
)
OPS_ROSTERS = (
    "Publish fixed four-week rosters at every site so new starters know their shifts before "
    "they start."
)
OPS_PICK_OWNERS = (
    "Make each live-site GM own pick rate and mis-picks, with a weekly floor walk and a re-slot "
    "plan signed off by week 3."
)
OPS_HUDDLE = (
    "Hold a ten-minute huddle at every site at 9am on yesterday's failures, with one named fix "
    "a day."
)
SALES_CUTOFF = (
    "Stop accepting next-morning delivery slots for orders that arrive after our 2pm cut-off."
)
SALES_LOSS_MAKERS = (
    "Take the 14 loss-makers in order of renewal date, open each conversation with their own "
    "cost-to-serve data, and agree with the CEO in advance which ones we are willing to lose."
)
OPS_FLEET = (
    "Replace trucks in order of breakdown count, not age, and bring the first ten in by week 8."
)

# A lexical judge cannot tell an incidental shared word from a meaningful one: one common word
# shared with the objective or the parent ("run", "count", "call"/"care") is coherence enough.
INCIDENTAL = "one incidental word shared with the objective/parent ({}) counts as on topic"


def lexical_limit(words: str):
    return pytest.mark.xfail(reason=INCIDENTAL.format(words), strict=True)


HOLDOUT = [
    # cut_empty_miles
    row(
        "northwind",
        "cut_empty_miles",
        "vp_operations",
        EMPTY_MILES,
        None,
        [],
        "copy",
        id="nw-verbatim",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "vp_sales",
        EMPTY_MILES.replace("27%", "22%"),
        None,
        [],
        "copy",
        id="nw-number-changed",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "vp_operations",
        OPS_TRIANGLE,
        None,
        [],
        "translation",
        id="nw-ops-triangle",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "dir_transport",
        TRANSPORT_TRIANGLE,
        OPS_TRIANGLE,
        [],
        "translation",
        id="nw-transport-driver-swap",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "dir_warehousing",
        "Open the Doncaster goods-in dock until 10pm and give backhaul loads their own dock door "
        "so a returning trailer is tipped within 30 minutes.",
        OPS_TRIANGLE,
        [TRANSPORT_TRIANGLE],
        "translation",
        id="nw-warehouse-backhaul-dock",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "dir_warehousing",
        "Re-plan the driver rosters so the triangle runs five nights with two drivers swapping "
        "at Lincoln, and use telematics to check each trailer comes back loaded",
        OPS_TRIANGLE,
        [TRANSPORT_TRIANGLE],
        "copy",
        id="nw-sibling-copy",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "dir_transport",
        "run the hull & lincoln trunks as ONE overnight triangle out of the doncaster depot from "
        "week 5 -- and stop any truck leaving a site without a booked return load!",
        OPS_TRIANGLE,
        [],
        "copy",
        id="nw-manager-copy-noisy",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "vp_sales",
        "Leverage our network to drive synergy and create value.",
        None,
        [],
        "vague",
        id="nw-slogan-leverage",
    ),
    row(
        "northwind",
        "cut_empty_miles",
        "cfo",
        "Renegotiate the bank covenant and move the payroll run to the 28th.",
        None,
        [],
        "misaligned",
        id="nw-cfo-offtopic",
        marks=lexical_limit("payroll run ~ trucks run empty"),
    ),
    # tell_before_ask
    row(
        "northwind",
        "tell_before_ask",
        "dir_customer_care",
        "Go the extra mile for every customer, every day.",
        CARE_LATE_LIST,
        [],
        "vague",
        id="nw-slogan-extra-mile",
    ),
    row(
        "northwind",
        "tell_before_ask",
        "vp_customer",
        CARE_LATE_LIST,
        None,
        [],
        "translation",
        id="nw-customer-late-list",
    ),
    row(
        "northwind",
        "tell_before_ask",
        "vp_operations",
        "Customers should never learn about a problem with their order from anyone but us.",
        None,
        [],
        "vague",
        id="nw-restated-ops",
    ),
    row(
        "northwind",
        "tell_before_ask",
        "dir_customer_care",
        "Split the 7am late list across the pods and have each agent call or text their customers "
        "with a new ETA before 9am.",
        CARE_LATE_LIST,
        [],
        "translation",
        id="nw-care-pods-call",
    ),
    row(
        "northwind",
        "tell_before_ask",
        "dir_customer_care",
        "Cut average call handling time from 6 to 4 minutes across the care desk.",
        CARE_LATE_LIST,
        [],
        "misaligned",
        id="nw-care-handling-time",
        marks=lexical_limit("call, care desk ~ care team"),
    ),
    row(
        "northwind",
        "tell_before_ask",
        "dir_customer_care",
        "Be customer-centric and seamless in every interaction.",
        CARE_LATE_LIST,
        [],
        "vague",
        id="nw-slogan-customer-centric",
    ),
    row(
        "northwind",
        "tell_before_ask",
        "vp_sales",
        "Write the four-hour late-delivery alert into every renewal contract as a service level, "
        "and show it to Halden in the tender.",
        None,
        [],
        "translation",
        id="nw-sales-alert-in-contract",
    ),
    # keep_new_starters
    row(
        "northwind",
        "keep_new_starters",
        "cfo",
        "Put new starters on a weekly payroll run from day one and fund it from the agency budget "
        "we stop spending.",
        None,
        [],
        "translation",
        id="nw-cfo-weekly-payroll",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "vp_operations",
        "NEARLY HALF the drivers and pickers we hire are gone within 90 days and agency staff fill "
        "the gap at a 30% premium - fix the first 90 days (fixed rosters, weekly pay from day one, "
        "a buddy on the floor) so that new starters stay",
        None,
        [],
        "copy",
        id="nw-verbatim-shouted",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "dir_transport",
        "Give each new driver the same two routes for their first six weeks and a ride-along day "
        "with a senior driver before they go solo.",
        OPS_ROSTERS,
        [],
        "translation",
        id="nw-transport-same-routes",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "dir_warehousing",
        "Re-slot the Doncaster fast movers into the golden zone before the peak.",
        OPS_ROSTERS,
        [],
        "misaligned",
        id="nw-warehouse-other-objective",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "dir_warehousing",
        "Pair every new picker with a named buddy for the first two weeks and keep them off the "
        "pick-rate target during induction.",
        OPS_ROSTERS,
        [],
        "translation",
        id="nw-warehouse-buddy",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "dir_transport",
        "More drivers.",
        OPS_ROSTERS,
        [],
        "vague",
        id="nw-two-words",
    ),
    row(
        "northwind",
        "keep_new_starters",
        "vp_sales",
        "Halve the number of new drivers and pickers who quit in their first three months.",
        None,
        [],
        "vague",
        id="nw-restated-sales",
    ),
    # wms_payoff
    row(
        "northwind",
        "wms_payoff",
        "vp_customer",
        "Send every mis-pick complaint back to the site within a day with the SKU and order "
        "number, and review the worst site on the Thursday escalation call.",
        None,
        [],
        "translation",
        id="nw-customer-mispick-complaints",
    ),
    row(
        "northwind",
        "wms_payoff",
        "vp_operations",
        "Be world-class.",
        None,
        [],
        "vague",
        id="nw-world-class",
    ),
    row(
        "northwind",
        "wms_payoff",
        "vp_sales",
        "Use the new WMS to re-slot and re-wave the three live sites so pickers beat 112 lines an "
        "hour with fewer mis-picks; stop treating it as an IT project.",
        None,
        [],
        "copy",
        id="nw-reordered",
    ),
    row(
        "northwind",
        "wms_payoff",
        "dir_warehousing",
        "Move the 400 fastest SKUs at Selby to waist height next to the pack-out benches and run "
        "waves every 20 minutes instead of four a shift.",
        OPS_PICK_OWNERS,
        [],
        "translation",
        id="nw-warehouse-waves",
    ),
    # excellence (a vague decoy) and otif_96 (a KPI target)
    row(
        "northwind",
        "excellence",
        "vp_operations",
        "Drive commercial and operational excellence across the network so that every customer, "
        "every site and every team wins this quarter.",
        None,
        [],
        "copy",
        id="nw-copy-of-a-slogan",
    ),
    row(
        "northwind",
        "excellence",
        "dir_transport",
        "Excellence on every mile we drive!",
        "Drive operational excellence everywhere.",
        [],
        "vague",
        id="nw-slogan-every-mile",
    ),
    row(
        "northwind",
        "otif_96",
        "vp_operations",
        "Raise on-time in-full delivery across the network from 94.3% to 97% by the end of the "
        "quarter.",
        None,
        [],
        "copy",
        id="nw-otif-number-changed",
    ),
    row(
        "northwind",
        "otif_96",
        "dir_transport",
        "Keep a spare driver on the 5am shift at Selby and Doncaster so one no-show doesn't make "
        "the whole trunk late.",
        OPS_HUDDLE,
        [],
        "translation",
        id="nw-transport-spare-driver",
    ),
    row(
        "northwind",
        "otif_96",
        "dir_key_accounts",
        "Get the buyers at Halden and Brightcart to agree wider delivery windows for their stores "
        "by week 4.",
        SALES_CUTOFF,
        [],
        "translation",
        id="nw-accounts-wider-windows",
    ),
    row(
        "northwind",
        "otif_96",
        "vp_sales",
        "Take the 14 loss-making accounts through their cost-to-serve and reprice or exit them.",
        None,
        [],
        "misaligned",
        id="nw-sales-other-objective",
    ),
    # reprice
    row(
        "northwind",
        "reprice",
        "cfo",
        "Build an activity-based cost-to-serve model from WMS handling minutes and telematics by "
        "week 3, and publish a margin for every one of the 62 accounts.",
        None,
        [],
        "translation",
        id="nw-cfo-cost-model",
    ),
    row(
        "northwind",
        "reprice",
        "vp_customer",
        "Put a price on the extras the care team gives away for free, like weekend call-outs and "
        "re-deliveries.",
        None,
        [],
        "translation",
        id="nw-customer-price-extras",
    ),
    row(
        "northwind",
        "reprice",
        "dir_key_accounts",
        "Book a rate review with the buyer at each of my nine loss-making accounts and bring two "
        "options: a new rate or a lower service level.",
        SALES_LOSS_MAKERS,
        [],
        "translation",
        id="nw-accounts-rate-review",
    ),
    row(
        "northwind",
        "reprice",
        "dir_key_accounts",
        SALES_LOSS_MAKERS.replace("14", "9"),
        SALES_LOSS_MAKERS,
        [],
        "copy",
        id="nw-manager-near-copy",
    ),
    row(
        "northwind",
        "partner_of_choice",
        "vp_sales",
        "Be the partner of choice.",
        None,
        [],
        "vague",
        id="nw-slogan-fragment",
    ),
    # fleet_renewal
    row(
        "northwind",
        "fleet_renewal",
        "dir_transport",
        "Get six senior drivers to sign off the cab spec and the tachograph setup before the "
        "order goes in.",
        OPS_FLEET,
        [],
        "translation",
        id="nw-transport-cab-spec",
    ),
    row(
        "northwind",
        "fleet_renewal",
        "dir_warehousing",
        "Run the quarterly cycle count at Hull and fix the inventory records before the auditors "
        "come.",
        OPS_FLEET,
        [],
        "misaligned",
        id="nw-warehouse-cycle-count",
        marks=lexical_limit("cycle count ~ breakdown count"),
    ),
]


@pytest.mark.parametrize("name,objectives,role,text,parent,siblings,expected", TINY + HOLDOUT)
def test_verdict(name, objectives, role, text, parent, siblings, expected):
    s = scenario(name)
    if parent is None:
        parent = s.objective(objectives[0]).sentence
    v = judge(s, objectives, role, text, parent, siblings)
    assert v.quality == expected, v


def test_table_is_large_enough():
    assert len(TINY) >= 16
    assert len(HOLDOUT) >= 20
    assert len(TINY) + len(HOLDOUT) >= 36
    assert len(HOLDOUT) >= len(TINY)  # at least half written against the unseen scenario
    assert sum(bool(p.marks) for p in HOLDOUT) <= 3


def test_identical_text_is_a_copy_of_itself(tiny):
    sentence = tiny.objective("cut_waste").sentence
    v = judge(tiny, ("cut_waste",), "head_baker", sentence, sentence)
    assert v.quality == "copy"
    assert v.similarity == 1.0


def test_judge_is_deterministic(tiny):
    args = (tiny, ("third_shop",), "head_baker", BAKER_PLAN, tiny.objective("third_shop").sentence)
    assert judge(*args) == judge(*args)
    assert isinstance(judge(*args), Verdict)
