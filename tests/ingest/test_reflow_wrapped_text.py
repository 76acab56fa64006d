"""Hard-wrapped plain text: line breaks inside paragraphs read as spaces, offsets unchanged."""

from __future__ import annotations

import json
import textwrap
from importlib import resources

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.reflow import reflow, wrapped_breaks
from tests.ingest.helpers import NOW, assert_spans_slice

PARAGRAPHS = [
    "The Eastbrook harbour board said on Monday that it would raise the tolls on the northern ferry "
    "route by about 12 percent next year, according to two officials who spoke on condition of anonymity.",
    "Captain Ana Ruiz, who has sailed the route for twenty years, said the plan could cost the island "
    "about 40 jobs and that the board had not consulted the crews before the vote.",
    "The board is due to meet again in March, when it will hear from the ferry operators and from "
    "the shopkeepers of the old town, who fear that fewer visitors will come.",
]


def _wrap(paragraph: str, width: int = 64, indent: str = "") -> str:
    return textwrap.fill(paragraph, width=width, initial_indent=indent)


def _only_breaks_changed(before: str, after: str) -> None:
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed, "nothing was unwrapped"
    assert all(before[i] == "\n" and after[i] == " " for i in changed)


def test_wrapped_paragraphs_with_blank_lines_become_one_line_each() -> None:
    text = "Harbour board weighs new tolls\n\n" + "\n\n".join(_wrap(p) for p in PARAGRAPHS) + "\n"
    article = read_text(text, now=NOW)
    _only_breaks_changed(text, article.text)
    body = article.text.split("\n\n")
    assert body[0] == "Harbour board weighs new tolls"
    assert [b.strip() for b in body[1:]] == PARAGRAPHS
    assert article.title == "Harbour board weighs new tolls"
    assert any(note.startswith("text: hard-wrapped;") for note in article.notes)
    assert_spans_slice(article)


def test_indented_first_lines_start_paragraphs_without_blank_lines() -> None:
    text = "\n".join(_wrap(p, indent="    ") for p in PARAGRAPHS) + "\n"
    unwrapped = reflow(text).text
    _only_breaks_changed(text, unwrapped)
    assert unwrapped.rstrip("\n").split("\n") == ["    " + p for p in PARAGRAPHS]


def test_a_headline_over_the_body_stays_its_own_line() -> None:
    text = "Ferry crews warn of job losses\n" + "\n".join(_wrap(p) for p in PARAGRAPHS)
    article = read_text(text, now=NOW)
    assert article.text.startswith("Ferry crews warn of job losses\nThe Eastbrook harbour board said on Monday that")
    assert article.title == "Ferry crews warn of job losses"


def _line_end_words() -> list[str]:
    raw = resources.files("claimgraph.ingest").joinpath("data/reflow.json").read_text(encoding="utf-8")
    words: list[str] = json.loads(raw)["line_end_words"]
    return words


# A first line cut short (its dateline was taken off) that ends in a word no sentence or headline ends in.
FIRST_LINES = {
    "a": "Two inspectors will visit the Eastbrook harbour on",  # placeholder replaced below
}
FIRST_LINES = {
    "a": ("The harbour board is drafting a", "new toll plan for the northern ferry route"),
    "an": ("The harbour board has ordered an", "inquiry into the delays on the northern ferry route"),
    "and": ("Ferry crews and", "shopkeepers of the old town marched to the harbour office"),
    "from": ("Two inspectors from", "Westmoor arrived at the harbour office on Monday morning"),
    "into": ("The board opened an inquiry into", "Westmoor Shipping over the delays on the ferry route"),
    "its": ("The harbour board defended its", "Westmoor toll plan at a meeting with the ferry crews"),
    "nor": ("Neither the crews nor", "Westmoor Shipping were told of the plan in advance"),
    "of": ("Two World Harbour review teams are in the port of", "Eastbrook to check the new ferry pier"),
    "or": ("The board may raise tolls or", "Westmoor may cut the number of crossings next year"),
    "than": ("Tolls will be higher than", "Westmoor Shipping had expected when it signed the deal"),
    "the": ("Two harbour review teams are in the", "Eastbrook port to check the new ferry pier"),
    "their": ("The ferry crews defended their", "Westmoor contract at a meeting with the harbour board"),
    "to": ("The harbour board sent two inspectors to", "Westmoor on Monday to check the new ferry pier"),
    "whose": ("The pilots, whose", "Westmoor contract ends in May, said they would strike"),
}


def test_every_line_end_word_has_a_first_line() -> None:
    assert sorted(FIRST_LINES) == sorted(_line_end_words())


@pytest.mark.parametrize("word", sorted(FIRST_LINES))
def test_a_first_line_ending_in_a_word_no_sentence_ends_in_goes_on(word: str) -> None:
    first, rest = FIRST_LINES[word]
    assert first.split()[-1] == word
    body = "\n".join(_wrap(p) for p in PARAGRAPHS)
    text = f"{first}\n{rest}, officials said on Monday.\n{body}\n"
    unwrapped = reflow(text).text
    assert unwrapped.startswith(f"{first} {rest}, officials said")


@pytest.mark.parametrize(
    ("first", "following", "indent", "joins"),
    [
        # a headline over the body: the next line is capitalised and no word hangs
        ("Ferry tolls to rise by 12 percent", "Eastbrook harbour board votes for the plan, officials said.", "", False),
        (
            "EASTBROOK - FERRY TOLLS TO RISE BY 12 PERCENT",
            "Harbour board votes for the plan, officials said.",
            "",
            False,
        ),
        # the next line goes on in lower case
        ("The harbour board said on Monday that tolls", "would rise by 12 percent next year.", "", True),
        # a wire dateline opens the body's first line
        ("    EASTBROOK, March 2 - Harbour Lines Ltd and Brisca Ferries", "Inc said they would merge.", "    ", True),
    ],
)
def test_the_first_line_joins_only_where_it_plainly_goes_on(
    first: str, following: str, indent: str, joins: bool
) -> None:
    body = "\n".join(_wrap(p, indent=indent) for p in PARAGRAPHS)
    text = f"{first}\n{following}\n{body}\n"
    assert reflow(text).text.startswith(f"{first} {following}" if joins else f"{first}\n{following}")


def test_a_line_one_column_short_of_the_margin_still_wraps() -> None:
    # a wire system counts the space a line ends in: "... the mayors" + "said" makes exactly the width
    lines = [
        "The Eastbrook harbour board voted on Monday to raise the tolls on",
        "the northern ferry route by about 12 percent next year, and the",
        "crews who sail the route daily were told about it by the mayors",
        "said two officials who spoke on condition of anonymity to reporters.",
    ]
    width = max(len(line) for line in lines)
    assert len(lines[2]) + 1 + len("said") == width  # not past the width: only the slack joins it
    text = "\n".join(lines) + "\n"
    assert reflow(text).text == " ".join(lines) + "\n"


def test_a_line_broken_early_before_lower_case_still_joins() -> None:
    # the wire broke "has" / "been" well short of the margin; the lower-case line goes on all the same
    body = "\n".join(_wrap(p) for p in PARAGRAPHS)
    text = f"{body}\nThe Eastbrook harbour board said its income has\nbeen depressed in recent months.\n"
    assert reflow(text).text.endswith("said its income has been depressed in recent months.\n")


def test_text_with_one_paragraph_per_line_is_untouched() -> None:
    text = "\n".join(PARAGRAPHS) + "\n"
    assert wrapped_breaks(text) == []
    assert read_text(text, now=NOW).text == text


def test_short_sentences_one_per_line_are_untouched() -> None:
    text = (
        "The ferry left Eastbrook at noon on Monday.\n"
        "It reached the island an hour later than planned.\n"
        "The crew blamed the wind and the tide for the delay.\n"
        "Passengers were offered free coffee on the way back.\n"
    )
    assert wrapped_breaks(text) == []


def test_verse_and_addresses_are_untouched() -> None:
    text = (
        "Harbour Office\n12 Quay Street\nEastbrook EB1 4QT\n\n"
        "The tide comes in across the bar\nand lifts the boats along the quay\n"
        "the gulls are loud the crews are tired\nand no one sails to sea today\n"
    )
    assert wrapped_breaks(text) == []


def test_bullets_quoted_lines_and_table_rows_keep_their_breaks() -> None:
    para = _wrap(PARAGRAPHS[0]) + "\n" + _wrap(PARAGRAPHS[1])
    bullets = (
        "- the northern route will cost 12 percent more from the first of May\n"
        "- the southern route keeps its tolls until the board meets again\n"
    )
    quoted = "> We were never asked about the tolls, and we will not accept them\n> without a vote of the crews.\n"
    table = "Route       Toll now    Toll in May    Change\nNorth       4.20        4.70           12 pct\n"
    text = f"{para}\n\n{bullets}\n{quoted}\n{table}"
    unwrapped = reflow(text).text
    for block in (bullets, quoted, table):
        assert block in unwrapped
    assert _wrap(PARAGRAPHS[0]).replace("\n", " ") in unwrapped


def test_the_claims_of_a_wrapped_article_run_to_the_end_of_their_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    import claimgraph

    text = "Harbour board weighs new tolls\n\n" + "\n\n".join(_wrap(p) for p in PARAGRAPHS) + "\n"
    analysis = claimgraph.analyze(text, pipeline=pipeline)
    by_text = {c.text: c for c in analysis.claims}
    tolls = "it would raise the tolls on the northern ferry route by about 12 percent next year"
    assert tolls in by_text
    assert by_text[tolls].source.text == "The Eastbrook harbour board"
    consulted = "the board had not consulted the crews before the vote"
    assert consulted in by_text
    assert by_text[consulted].source.text == "Captain Ana Ruiz, who has sailed the route for twenty years"
    assert all("\n" not in c.text for c in analysis.claims)
