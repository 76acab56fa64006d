"""The PolNeAR attribution scorer on tiny brat files of our own with known figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import EvalDataError
from claimgraph.eval.polnear import (
    ArticleScorer,
    Relation,
    format_report,
    normalise,
    parse_ann,
    read_gold,
    score_predictions,
)

TEXT = (
    "Mayor Elin Varga said that the harbour bridge would close in May. "
    "The ferry will run twice an hour, according to the Larkport Gazette.\n"
    "Her deputy added: the tolls stay."
)


def at(needle: str, text: str = TEXT) -> list[int]:
    start = text.index(needle)
    return [start, start + len(needle)]


SAID = {
    "cue": at("said"),
    "sources": [at("Mayor Elin Varga")],
    "contents": [at("that the harbour bridge would close in May")],
}
ACCORDING = {
    "cue": at("according to"),
    "sources": [at("the Larkport Gazette")],
    "contents": [at("The ferry will run twice an hour")],
}


def brat(relations: list[dict[str, Any]], *, events_first: bool = False) -> str:
    """brat lines for relations given as predictions-style dicts."""
    t_lines: list[str] = []
    e_lines: list[str] = []
    n = 0
    for k, rel in enumerate(relations, start=1):
        args: list[str] = []

        def add(kind: str, span: list[int]) -> str:
            nonlocal n
            n += 1
            t_lines.append(f"T{n}\t{kind} {span[0]} {span[1]}\t{TEXT[span[0] : span[1]]}")
            return f"T{n}"

        trigger = add("Attribution", rel["cue"])
        args.append(f"Cue:{add('Cue', rel['cue'])}")
        for i, src in enumerate(rel["sources"]):
            args.append(f"Source{'' if i == 0 else i + 1}:{add('Source', src)}")
        for i, content in enumerate(rel["contents"]):
            args.append(f"Content{'' if i == 0 else i + 1}:{add('Content', content)}")
        head = "Attribution" if rel["sources"] else "Attribution-no-source"
        e_lines.append(f"E{k}\t{head}:{trigger} " + " ".join(args))
    lines = e_lines + t_lines if events_first else t_lines + e_lines
    return "\n".join(lines) + "\n"


def make_split(root: Path, relations: list[dict[str, Any]], name: str = "gazette_2031-05-02_bridge") -> Path:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (root / "attributions" / f"{name}_a1.ann").write_text(brat(relations), encoding="utf-8")
    return root


def score(tmp_path: Path, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    split = make_split(tmp_path / "split", gold)
    return score_predictions(split, {"gazette_2031-05-02_bridge.txt": pred})


def test_polnear_perfect_prediction_scores_100(tmp_path: Path) -> None:
    result = score(tmp_path, [SAID, ACCORDING], [ACCORDING, SAID])
    assert result["relations"]["lenient"]["f1"] == 100.0
    assert result["relations"]["strict"]["f1"] == 100.0
    for element in ("cue", "source", "content"):
        assert result["elements"][element]["exact"]["f1"] == 100.0
        assert result["elements"][element]["overlap"]["f1"] == 100.0
    assert result["files"]["gazette_2031-05-02_bridge.txt"]["gold"] == 2


def test_polnear_missing_relation_lowers_recall_only(tmp_path: Path) -> None:
    result = score(tmp_path, [SAID, ACCORDING], [SAID])
    lenient = result["relations"]["lenient"]
    assert (lenient["precision"], lenient["recall"], lenient["f1"]) == (100.0, 50.0, 66.67)
    assert result["elements"]["cue"]["exact"]["recall"] == 50.0


def test_polnear_spurious_relation_lowers_precision(tmp_path: Path) -> None:
    extra = {"cue": at("added"), "sources": [at("Her deputy")], "contents": [at("the tolls stay")]}
    result = score(tmp_path, [SAID], [SAID, extra])
    assert result["relations"]["lenient"]["precision"] == 50.0
    assert result["relations"]["lenient"]["recall"] == 100.0


def test_polnear_wrong_source_with_overlapping_cue_is_a_lenient_miss(tmp_path: Path) -> None:
    wrong = dict(SAID, sources=[at("the harbour bridge")])
    result = score(tmp_path, [SAID], [wrong])
    assert result["relations"]["lenient"]["tp"] == 0
    assert result["elements"]["cue"]["exact"]["tp"] == 1
    assert result["elements"]["source"]["exact"]["tp"] == 0
    assert result["elements"]["content"]["exact"]["tp"] == 1


def test_polnear_content_boundary_is_lenient_but_not_strict(tmp_path: Path) -> None:
    # the prediction leaves out the complementiser "that": 7 of the 8 gold content tokens
    trimmed = dict(SAID, contents=[at("the harbour bridge would close in May")])
    result = score(tmp_path, [SAID], [trimmed])
    assert result["relations"]["lenient"]["tp"] == 1
    assert result["relations"]["strict"]["tp"] == 0
    assert result["elements"]["content"]["exact"]["tp"] == 0
    overlap = result["elements"]["content"]["overlap"]
    assert (overlap["precision"], overlap["recall"]) == (100.0, 87.5)


def test_polnear_content_below_half_f1_is_a_lenient_miss(tmp_path: Path) -> None:
    short = dict(SAID, contents=[at("in May")])
    result = score(tmp_path, [SAID], [short])
    assert result["relations"]["lenient"]["tp"] == 0


def test_polnear_partial_cue_overlap_aligns(tmp_path: Path) -> None:
    partial = dict(ACCORDING, cue=at("according"))
    result = score(tmp_path, [ACCORDING], [partial])
    assert result["relations"]["lenient"]["tp"] == 1
    assert result["elements"]["cue"]["exact"]["tp"] == 0
    assert result["elements"]["cue"]["overlap"]["recall"] == 50.0


def test_polnear_no_source_relations_match_when_both_lack_a_source(tmp_path: Path) -> None:
    sourceless = dict(SAID, sources=[])
    result = score(tmp_path, [sourceless], [sourceless])
    assert result["relations"]["strict"]["tp"] == 1
    assert result["elements"]["source"]["exact"]["gold"] == 0
    with_source = score(tmp_path / "b", [sourceless], [SAID])
    assert with_source["relations"]["lenient"]["tp"] == 0


def test_polnear_punctuation_cue_overlaps_by_characters(tmp_path: Path) -> None:
    colon = {"cue": at(":"), "sources": [at("Her deputy")], "contents": [at("the tolls stay")]}
    result = score(tmp_path, [colon], [dict(colon, cue=at("added:"))])
    assert result["relations"]["lenient"]["tp"] == 1


def test_polnear_article_missing_from_predictions_predicts_nothing(tmp_path: Path) -> None:
    split = make_split(tmp_path / "split", [SAID])
    result = score_predictions(split, {})
    assert result["relations"]["lenient"]["gold"] == 1
    assert result["relations"]["lenient"]["recall"] == 0.0


def test_polnear_predictions_file_is_read(tmp_path: Path) -> None:
    split = make_split(tmp_path / "split", [SAID])
    path = tmp_path / "pred.json"
    path.write_text(json.dumps({"gazette_2031-05-02_bridge.txt": [SAID]}), encoding="utf-8")
    assert score_predictions(split, path)["relations"]["strict"]["f1"] == 100.0


@pytest.mark.parametrize(
    "predictions",
    [
        {"other_article.txt": []},
        {"gazette_2031-05-02_bridge.txt": [{"cue": [5, 2], "sources": [], "contents": []}]},
        {"gazette_2031-05-02_bridge.txt": [{"cue": [0, 10_000], "sources": [], "contents": []}]},
        {"gazette_2031-05-02_bridge.txt": [{"sources": []}]},
        {"gazette_2031-05-02_bridge.txt": {"cue": [0, 4]}},
    ],
)
def test_polnear_bad_predictions_raise_coded_error(tmp_path: Path, predictions: dict[str, Any]) -> None:
    split = make_split(tmp_path / "split", [SAID])
    with pytest.raises(EvalDataError) as info:
        score_predictions(split, predictions)
    assert str(info.value).startswith("[E050]")


def test_polnear_invalid_json_file_raises_coded_error(tmp_path: Path) -> None:
    split = make_split(tmp_path / "split", [SAID])
    path = tmp_path / "pred.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(EvalDataError):
        score_predictions(split, path)


def test_polnear_parse_ann_reads_events_before_spans_and_extra_contents() -> None:
    rel = {
        "cue": at("said"),
        "sources": [at("Mayor Elin Varga")],
        "contents": [at("that the harbour bridge"), at("would close in May")],
    }
    (relation,) = parse_ann(brat([rel], events_first=True) + "a stray line of span text\n")
    assert relation.cue == (tuple(at("said")),)
    assert relation.contents == (tuple(at("that the harbour bridge")), tuple(at("would close in May")))


def test_polnear_parse_ann_discontinuous_fragments_and_trigger_fallback() -> None:
    src = at("Mayor Elin Varga")
    content_a, content_b = at("that the harbour"), at("bridge would close")
    lines = [
        f"T1\tAttribution {at('said')[0]} {at('said')[1]}\tsaid",
        f"T2\tSource {src[0]} {src[1]}\tMayor Elin Varga",
        f"T3\tContent {content_a[0]} {content_a[1]};{content_b[0]} {content_b[1]}\tthat the harbour bridge would close",
        "E1\tAttribution:T1 Source:T2 Content:T3",
        "T4\tCue 0 5\tMayor",
        "E2\tAttribution-no-source:T4 ",
        "T5\tDiscuss 67 76\tThe ferry",
    ]
    relations = parse_ann("\n".join(lines))
    assert len(relations) == 1  # E2 has no content: an incomplete annotation
    assert relations[0].cue == (tuple(at("said")),)
    assert relations[0].contents == (tuple(content_a), tuple(content_b))


def test_polnear_parse_ann_undefined_span_raises() -> None:
    with pytest.raises(EvalDataError):
        parse_ann("E1\tAttribution:T9 Cue:T9\n")


def test_polnear_read_gold_takes_first_annotator(tmp_path: Path) -> None:
    split = make_split(tmp_path / "split", [SAID, ACCORDING])
    (split / "attributions" / "gazette_2031-05-02_bridge_b2.ann").write_text(brat([SAID]), encoding="utf-8")
    (article,) = read_gold(split)
    assert article.ann == "gazette_2031-05-02_bridge_a1.ann"
    assert len(article.relations) == 2


def test_polnear_read_gold_rejects_a_folder_without_brat(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        read_gold(tmp_path)


def test_polnear_normalise_trims_and_joins_punctuation_gaps() -> None:
    text = '"The tolls stay," she said, "until June."'
    first, second = at('"The tolls stay,"', text), at('"until June."', text)
    joined = normalise(((first[0], first[1] + 1), tuple(second)), text)  # type: ignore[arg-type]
    assert joined == ((first[0], first[1]), (second[0], second[1]))
    space_gap = normalise(((0, 4), (5, 15)), text)
    assert space_gap == ((0, 15),)


def test_polnear_align_prefers_the_correct_gold_among_overlapping_cues() -> None:
    scorer = ArticleScorer(TEXT)
    wrong = Relation(cue=((0, 16),), sources=((0, 5),), contents=((0, 5),))
    right = Relation(cue=(tuple(at("said")),), sources=(tuple(at("Mayor Elin Varga")),),
                     contents=(tuple(at("that the harbour bridge would close in May")),))  # fmt: skip
    pred = Relation(cue=((0, 21),), sources=right.sources, contents=right.contents)
    pairs = scorer.align([pred], [wrong, right])
    assert pairs[0].gold is right and pairs[0].lenient


def test_polnear_format_report_lists_every_figure(tmp_path: Path) -> None:
    report = format_report(score(tmp_path, [SAID, ACCORDING], [SAID]))
    assert "2 gold / 1 predicted" in report
    for label in ("relations lenient", "relations strict", "cue exact", "source token overlap", "content exact"):
        assert label in report
