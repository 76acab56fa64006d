"""Fixtures for the workbench tests: a store of three invented articles analysed once per session, a store
holding an XSS payload corpus, a hand-built LinkResult, and clients / a live server over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.link.records import ClaimRef, Cluster, FigurePair, GlobalEntity, LinkResult, ProvenanceChain
from claimgraph.model import Analysis, Claim, Cue, Document, Entity, Source, Span, document_id
from claimgraph.serve.web import create_app
from claimgraph.store import Store
from tests.serve.web.live import serve_in_thread

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts"

# Invented articles: the port, people, outlets and figures do not exist.
ARTICLES: list[dict[str, str]] = [
    {
        "title": "Velmora port raises tolls as strike enters second week",
        "published": "2025-03-03",
        "outlet": "Coastline Wire",
        "url": "https://coastline.example/velmora-tolls",
        "text": (
            "The Velmora Port Authority said on Monday that it would raise tolls by 12 percent from April. "
            "Harbour director Ilse Marten told reporters that about 3,400 containers were stuck at the docks. "
            "The dockworkers' union may call off the strike if talks resume, according to union spokesman "
            "Tomas Reyd. Two shipping officials, who asked not to be named, said the losses could exceed "
            "$40 million. Marten denied that the port had hired replacement workers."
        ),
    },
    {
        "title": "Ferry link to Dunmore Island suspended",
        "published": "2025-03-11",
        "outlet": "Dunmore Gazette",
        "url": "https://gazette.example/dunmore-ferry",
        "text": (
            "The ferry link between Velmora and Dunmore Island was suspended on Tuesday, the regional transport "
            "office said. Ilse Marten said the strike had cost the port nearly $55 million so far. Analysts at "
            "Greyfield Research believe traffic will probably recover by June. The union did not confirm the figure."
        ),
    },
    {
        "title": "Larn Valley growers report a poor apple harvest",
        "published": "2025-10-17",
        "outlet": "Larn Valley Times",
        "url": "https://larn.example/harvest",
        "text": (
            "Apple growers in the Larn Valley harvested 18,000 tonnes this autumn, down from 25,000 tonnes last "
            "year, the growers' association said on Friday. Its chairman, Piet Ovan, said frost in April was to "
            "blame."
        ),
    },
]

# Payloads an attacker could put into an article, its metadata, or names the extractor finds in it.
XSS_PAYLOADS: tuple[str, ...] = (
    '<script>alert("x1")</script>',
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><a href=javascript:alert(4)>go</a>",
    "<svg><script>alert(5)</script></svg>",
    "</textarea><script>alert(7)</script>",
    '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
    "<style>body{display:none}</style>",
    '" autofocus onfocus="alert(9)',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    "{{ 7*7 }}",
)


def hostile_analysis() -> Analysis:
    """An analysis whose every text field carries a payload: sources, entities, cue, title, outlet, url."""
    parts: list[str] = []
    claims: list[Claim] = []
    entities: list[Entity] = []
    pos = 0
    for i, payload in enumerate(XSS_PAYLOADS):
        source = f"Agent {payload}"
        content = f"the dam {payload} will hold"
        sentence = f"{source} said {content}. "
        s_span = Span(pos, pos + len(source))
        cue_start = pos + len(source) + 1
        c_start = cue_start + len("said ")
        c_span = Span(c_start, c_start + len(content))
        entities.append(
            Entity(id=f"e{i}", name=source, type="PERSON", aliases=(payload,), mentions=(s_span,), role="source")
        )
        claims.append(
            Claim(
                id=f"c{i}",
                span=c_span,
                text=content,
                source=Source(kind="named", text=source, span=s_span, entity=f"e{i}", type="PERSON"),
                cue=Cue(text="said", span=Span(cue_start, cue_start + 4)),
                modality="hedged" if i % 2 else "asserted",
                certainty=0.5,
                entities=(f"e{i}",),
            )
        )
        parts.append(sentence)
        pos += len(sentence)
    text = "".join(parts)
    for c in claims:
        assert text[c.span.start : c.span.end] == c.text
    doc = Document(
        id=document_id(text),
        text=text,
        title=f"Title {XSS_PAYLOADS[0]} {XSS_PAYLOADS[2]} {{{{ 7*7 }}}}",
        published="2025-05-01",
        outlet=f"Outlet {XSS_PAYLOADS[1]}",
        url="javascript:alert(11)",
        author=XSS_PAYLOADS[8],
    )
    return Analysis(document=doc, entities=tuple(entities), claims=tuple(claims))


@pytest.fixture(scope="session")
def payloads() -> tuple[str, ...]:
    """The XSS payload corpus."""
    return XSS_PAYLOADS


@pytest.fixture(scope="session")
def hostile() -> Analysis:
    """The hand-built analysis whose every field carries a payload."""
    return hostile_analysis()


@pytest.fixture(scope="session")
def analyses(pipeline: Any) -> list[Analysis]:
    """The three invented articles, analysed once per session."""
    from claimgraph.ingest import read_text

    return [
        pipeline.analyze(
            read_text(a["text"], title=a["title"], published=a["published"], outlet=a["outlet"], url=a["url"])
        )
        for a in ARTICLES
    ]


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory, analyses: list[Analysis]) -> Path:
    path = tmp_path_factory.mktemp("web") / "workbench.db"
    with Store.open(path) as store:
        store.add_many(analyses)
    return path


@pytest.fixture(scope="session")
def link_result(analyses: list[Analysis]) -> LinkResult:
    """A cluster of the two port-loss claims (figures in conflict), built by hand over the stored analyses."""
    first, second = analyses[0], analyses[1]

    def claim_with(a: Analysis, word: str) -> Claim:
        return next(c for c in a.claims if word in c.text)

    def money(a: Analysis, claim: Claim) -> str:
        return next(q.id for q in a.quantities if q.id in claim.quantities and q.value and q.value > 1e6)

    c1, c2 = claim_with(first, "exceed"), claim_with(second, "cost")
    r1, r2 = ClaimRef(first.document.id, c1.id), ClaimRef(second.document.id, c2.id)
    cluster = Cluster(
        id="k1",
        members=(r1, r2),
        label="Strike losses at Velmora port",
        provenance=(
            ProvenanceChain(claim=r1, chain=("Coastline Wire",), ultimate="shipping officials", published=None),
        ),
        independent_sources=("shipping officials", "Ilse Marten"),
        repetitions=0,
        earliest=r1,
        figures=(FigurePair(r1, r2, money(first, c1), money(second, c2), "conflict", "40 million vs 55 million"),),
    )
    marten = GlobalEntity(id="g1", name="Ilse Marten", type="PERSON", aliases=("Marten",), members=())
    return LinkResult(entities=[marten], clusters=[cluster], claim_entities={})


@pytest.fixture(scope="session")
def app(store_path: Path, pipeline: Any) -> Any:
    return create_app(store_path, pipeline=pipeline)


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def linked_client(store_path: Path, pipeline: Any, link_result: LinkResult) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, pipeline=pipeline, link_result=link_result)) as c:
        yield c


@pytest.fixture
def scratch_client(tmp_path: Path, pipeline: Any) -> Iterator[TestClient]:
    """A client over an empty store of its own, for tests that add articles."""
    with TestClient(create_app(tmp_path / "scratch.db", pipeline=pipeline, max_upload=64 * 1024)) as c:
        yield c


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """A store holding the hand-built hostile analysis and a pipeline analysis of payload-laden text."""
    from claimgraph.ingest import read_text

    path = tmp_path_factory.mktemp("xss") / "hostile.db"
    text = " ".join(f"Minister {p} said on Monday that {p} prices rose 5 percent." for p in XSS_PAYLOADS[:6])
    article = read_text(
        text, title=XSS_PAYLOADS[5], published="2025-05-02", outlet=XSS_PAYLOADS[3], url=XSS_PAYLOADS[3]
    )
    with Store.open(path) as store:
        store.add(hostile_analysis())
        store.add(pipeline.analyze(article))
    return path


@pytest.fixture(scope="session")
def hostile_client(hostile_store: Path, pipeline: Any) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_store, pipeline=pipeline)) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(store_path: Path, pipeline: Any, link_result: LinkResult) -> Iterator[str]:
    """The workbench served by uvicorn on a free loopback port, in a background thread."""
    with serve_in_thread(create_app(store_path, pipeline=pipeline, link_result=link_result)) as base:
        yield base


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's headless Chromium through Playwright")
