"""Standard exports of a store: JSON Lines, CSV, schema.org ClaimReview JSON-LD and GraphML.

``export(store, fmt, out)`` writes one format to a text stream; the CLI (``claimgraph export``) and the
web API (``/api/export/{fmt}``) both call it. Article text is untrusted: CSV cells that a spreadsheet
would run as a formula are defused, XML is written by ``xml.etree`` (escaped) with the characters XML
1.0 cannot carry removed.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any, Literal, Protocol, TextIO

from claimgraph.errors import UnsupportedFormatError
from claimgraph.link.records import ClaimRef, Cluster, LinkResult
from claimgraph.model import Analysis, Claim, Source

ExportFormat = Literal["jsonl", "csv", "claimreview", "graphml"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "claimreview", "graphml")

CSV_COLUMNS = (
    "doc_id",
    "claim_id",
    "text",
    "source",
    "source_kind",
    "source_type",
    "cue",
    "modality",
    "certainty",
    "start",
    "end",
    "title",
    "outlet",
    "url",
    "published",
    "figures",
    "times",
    "entities",
    "reported",
)
# XML 1.0 forbids most C0 controls even as character references; article text can still contain them.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "@", "\t", "\r", "|")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


class AnalysesSource(Protocol):
    """What the exports read: the store, or anything that iterates analyses."""

    def iter_analyses(self) -> Iterable[Analysis]: ...


def export(store: AnalysesSource, fmt: str, out: TextIO, *, link_result: LinkResult | None = None) -> int:
    """Write every stored analysis to ``out`` in ``fmt``; returns the number of records (analyses, claims
    or graph nodes). ``link_result`` adds clusters (GraphML) and global entities."""
    if fmt == "jsonl":
        return write_jsonl(store.iter_analyses(), out)
    if fmt == "csv":
        return write_csv(store.iter_analyses(), out)
    if fmt == "claimreview":
        return write_claimreview(store.iter_analyses(), out)
    if fmt == "graphml":
        return write_graphml(store.iter_analyses(), out, link_result=link_result)
    raise UnsupportedFormatError(f"cannot export as {fmt!r}; choose one of {', '.join(FORMATS)}.")


def write_jsonl(analyses: Iterable[Analysis], out: TextIO) -> int:
    """One analysis (the output contract) per line."""
    n = 0
    for analysis in analyses:
        out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``=``/``+``/``@``/``-x`` would run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) or (text.startswith("-") and not text[1:2].isdigit()):
        return "'" + text
    return text


def write_csv(analyses: Iterable[Analysis], out: TextIO) -> int:
    """One claim per row with its source, article and the figures, times and entities it refers to."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for analysis in analyses:
        doc = analysis.document
        qs = {q.id: q.text for q in analysis.quantities}
        ts = {t.id: t.value or t.text for t in analysis.times}
        es = {e.id: e.name for e in analysis.entities}
        for c in analysis.claims:
            row = [
                doc.id,
                c.id,
                c.text,
                c.source.display,
                c.source.kind,
                c.source.type,
                c.cue.text if c.cue else None,
                c.modality,
                c.certainty,
                c.span.start,
                c.span.end,
                doc.title,
                doc.outlet,
                doc.url,
                doc.published,
                "; ".join(qs[i] for i in c.quantities if i in qs),
                "; ".join(ts[i] for i in c.times if i in ts),
                "; ".join(es[i] for i in c.entities if i in es),
                " … ".join(doc.text[f.start : f.end] for f in c.content),
            ]
            writer.writerow([safe_cell(v) for v in row])
            n += 1
    return n


def _author(analysis: Analysis, source: Source) -> dict[str, Any]:
    if source.kind == "author":
        name = analysis.document.author or analysis.document.outlet or "the article's author"
        return {"@type": "Organization" if not analysis.document.author else "Person", "name": name}
    entity = analysis.entity(source.entity) if source.entity else None
    kind = "Person" if (entity and entity.type == "PERSON") or source.type == "PERSON" else "Organization"
    if source.kind == "unnamed":
        return {"@type": kind, "name": source.resolved_text or source.text or "unnamed source"}
    return {"@type": kind, "name": source.display}


def claim_review(analysis: Analysis, claim: Claim) -> dict[str, Any]:
    """A schema.org ClaimReview for one claim: what was claimed, by whom, where it appeared and when.

    claimgraph reports attribution and modality, it does not judge truth, so the rating says how the
    claim was reported ("hedged", ...) rather than giving a verdict.
    """
    doc = analysis.document
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    for key, value in (("url", doc.url), ("headline", doc.title), ("datePublished", doc.published)):
        if value:
            appearance[key] = value
    if doc.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": doc.outlet}
    item: dict[str, Any] = {"@type": "Claim", "author": _author(analysis, claim.source), "appearance": appearance}
    if doc.published:
        item["datePublished"] = doc.published
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{doc.url or 'urn:claimgraph:' + doc.id}#claim-{claim.id}",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": f"reported as {claim.modality}",
            "ratingExplanation": "Attribution and modality as reported in the article; not a verdict on truth.",
        },
        "author": {"@type": "Organization", "name": "claimgraph"},
    }
    if doc.published:
        review["datePublished"] = doc.published
    if doc.url:
        review["url"] = f"{doc.url}#claim-{claim.id}"
    return review


def write_claimreview(analyses: Iterable[Analysis], out: TextIO) -> int:
    """A JSON array of ClaimReview objects, one per claim."""
    n = 0
    out.write("[")
    for analysis in analyses:
        for claim in analysis.claims:
            out.write(",\n" if n else "\n")
            out.write(json.dumps(claim_review(analysis, claim), ensure_ascii=False))
            n += 1
    out.write("\n]\n")
    return n


def xml_text(value: Any) -> str:
    """Text XML 1.0 can carry (ElementTree escapes markup but keeps forbidden control characters)."""
    return _XML_BAD.sub("\ufffd", "" if value is None else str(value))


class _Graph:
    KEYS = (("kind", "node"), ("label", "node"), ("modality", "node"), ("source_kind", "node"), ("type", "node"))
    EDGE_KEYS = (("relation", "edge"),)

    def __init__(self) -> None:
        self.root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
        for name, domain in (*self.KEYS, *self.EDGE_KEYS):
            ET.SubElement(
                self.root, "key", {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name, "attr.type": "string"}
            )
        self.graph = ET.SubElement(self.root, "graph", {"id": "claimgraph", "edgedefault": "directed"})
        self.nodes: set[str] = set()
        self.edges = 0

    def node(self, node_id: str, **data: Any) -> str:
        if node_id not in self.nodes:
            self.nodes.add(node_id)
            el = ET.SubElement(self.graph, "node", {"id": xml_text(node_id)})
            for key, value in data.items():
                if value is not None:
                    ET.SubElement(el, "data", {"key": f"n_{key}"}).text = xml_text(value)
        return node_id

    def edge(self, a: str, b: str, relation: str) -> None:
        self.edges += 1
        el = ET.SubElement(self.graph, "edge", {"id": f"e{self.edges}", "source": xml_text(a), "target": xml_text(b)})
        ET.SubElement(el, "data", {"key": "e_relation"}).text = relation


def write_graphml(analyses: Iterable[Analysis], out: TextIO, *, link_result: LinkResult | None = None) -> int:
    """The evidence graph: documents, claims, sources, entities and clusters with the edges between them.

    Entities are the linker's global entities when ``link_result`` is given, else one node per name.
    """
    g = _Graph()
    global_of: dict[tuple[str, str], tuple[str, str, str]] = {}
    cluster_of: dict[ClaimRef, Cluster] = {}
    if link_result is not None:
        for ge in link_result.entities:
            for doc_id, local_id in ge.members:
                global_of[(doc_id, local_id)] = (ge.id, ge.name, ge.type)
        cluster_of = {ref: c for c in link_result.clusters for ref in c.members}
    for analysis in analyses:
        doc = analysis.document
        doc_node = g.node(f"doc:{doc.id}", kind="document", label=doc.title or doc.id[:12])
        for claim in analysis.claims:
            ref = ClaimRef(doc.id, claim.id)
            claim_node = g.node(f"claim:{ref.key()}", kind="claim", label=claim.text, modality=claim.modality)
            g.edge(doc_node, claim_node, "contains")
            src = claim.source
            src_node = g.node(
                f"source:{src.display.casefold()}", kind="source", label=src.display, source_kind=src.kind
            )
            g.edge(src_node, claim_node, "holds")
            for local in claim.entities:
                entity = analysis.entity(local)
                if entity is None:
                    continue
                gid, name, etype = global_of.get((doc.id, local), (entity.name.casefold(), entity.name, entity.type))
                g.edge(claim_node, g.node(f"entity:{gid}", kind="entity", label=name, type=etype), "mentions")
            cluster = cluster_of.get(ref)
            if cluster is not None:
                g.edge(claim_node, g.node(f"cluster:{cluster.id}", kind="cluster", label=cluster.label), "in_cluster")
    ET.indent(g.root)
    out.write("<?xml version='1.0' encoding='utf-8'?>\n")
    out.write(ET.tostring(g.root, encoding="unicode"))
    out.write("\n")
    return len(g.nodes)
