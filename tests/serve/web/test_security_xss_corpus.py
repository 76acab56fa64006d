"""The XSS corpus (tests/serve/web/data/xss_payloads.json) through every stored field, every query, filter and
path parameter and the paste/upload form: no payload ever becomes an element, an attribute, a handler, a
script or a dangerous URL; JSON answers carry payloads as data; every response carries the CSP.

test_security_escaping.py pushes a short list through the pages; this module adds the full corpus, every field
(title, outlet, author, url, subheadings, claim/source/cue/marker text, entities with aliases and roles,
quantities, times, cluster data), every filter of the search page and of the API, path ids, and the forms.
The check is structural: each HTML answer is parsed and may only hold (element, attribute) pairs that the
same pages show over benign data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient

from claimgraph.link.records import ClaimRef, Cluster, FigurePair, GlobalEntity, LinkResult, ProvenanceChain
from claimgraph.model import (
    Analysis,
    Claim,
    Cue,
    Document,
    Entity,
    Quantity,
    Source,
    Span,
    TextSpan,
    TimeExpr,
    document_id,
)
from claimgraph.serve.web import create_app
from claimgraph.serve.web.security import CSP
from claimgraph.store import Store

CORPUS = Path(__file__).resolve().parent / "data" / "xss_payloads.json"
PAYLOADS: tuple[str, ...] = tuple(json.loads(CORPUS.read_text(encoding="utf-8"))["payloads"])
URL_ATTRS = {"href", "src", "action", "hx-get", "hx-post", "formaction", "xlink:href", "data"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
SEARCH_PARAMS = ("q", "source", "entity", "modality", "since", "until", "unit", "min", "max", "offset")
API_CLAIM_PARAMS = ("q", "source", "entity", "modality", "since", "until", "unit", "min_value", "max_value")


class Structure(HTMLParser):
    """Every (element, attribute) of a page, attribute values, and any text inside <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs.add((tag, ""))
        for name, value in attrs:
            self.pairs.add((tag, name))
            self.attrs.append((tag, name, value or ""))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_text if self._in_script else self.text).append(data)


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def check_inert(html: str, allowed: set[tuple[str, str]], where: str) -> Structure:
    """Fail when ``html`` holds an element, attribute, handler, inline script or URL that no template makes."""
    page = parse(html)
    foreign = page.pairs - allowed
    assert not foreign, f"{where}: payload became markup: {sorted(foreign)[:5]}"
    assert not "".join(page.script_text).strip(), f"{where}: inline script"
    for tag, name, value in page.attrs:
        assert not name.startswith("on") and name not in {"style", "srcdoc", "autofocus"}, f"{where}: <{tag} {name}>"
        lowered = "".join(value.split()).lower()
        if name in URL_ATTRS:
            assert not lowered.startswith(BAD_SCHEMES), f"{where}: {tag} {name}={value!r}"
            # Links may leave the site (an article's original URL), code and requests may not.
            if tag in {"script", "link", "form"} or name.startswith("hx-"):
                assert value.startswith("/") and not value.startswith("//"), f"{where}: {tag} {name}={value!r}"
        if name == "hx-headers":
            assert json.loads(value).keys() == {"X-CSRF-Token"}, f"{where}: {value!r}"
    return page


def _analysis(i: int, payload: str) -> Analysis:
    """Article ``i``: the payload in every text field of the document, its claim, entities, figures and times."""
    source = f"Agent {payload}"
    figure = "12 tonnes"
    when = "on Monday"
    content = f"the dam {payload} held {figure} {when}"
    sentence = f"{source} said {content}."
    heading = f"Part {payload}"
    text = f"{heading}\n{sentence}"
    s0 = len(heading) + 1
    s_span = Span(s0, s0 + len(source))
    cue_start = s_span.end + 1
    c_start = cue_start + len("said ")
    c_span = Span(c_start, c_start + len(content))
    f_start = text.index(figure, c_start)
    t_start = text.index(when, c_start)
    entity = Entity(
        id="e0",
        name=source,
        type="PERSON",
        aliases=(payload, f"{payload} Jr"),
        mentions=(s_span,),
        role=payload,
        roles=(payload, "minister"),
    )
    place = Entity(
        id="e1", name=f"Dam {payload}", type="FAC", aliases=(payload,), mentions=(Span(c_start + 4, c_start + 7),)
    )
    quantity = Quantity(
        id="q0",
        span=Span(f_start, f_start + len(figure)),
        text=figure,
        value=12.0 + i,
        low=None,
        high=None,
        unit=payload,
        approx=payload,
        kind=payload,
        unit_text=payload,
        concept=payload,
        of=payload,
    )
    time = TimeExpr(
        id="t0", span=Span(t_start, t_start + len(when)), text=when, type="DATE", value=payload, anchor=payload
    )
    claim = Claim(
        id="c0",
        span=c_span,
        text=content,
        source=Source(kind="named", text=source, span=s_span, entity="e0", type="PERSON", resolved_text=payload),
        cue=Cue(text="said", span=Span(cue_start, cue_start + 4)),
        modality=("asserted", "hedged", "negated")[i % 3],
        certainty=0.5,
        entities=("e0", "e1"),
        quantities=("q0",),
        times=("t0",),
        markers=(TextSpan(payload, Span(c_start + len("the dam "), c_start + len("the dam ") + len(payload))),),
    )
    doc = Document(
        id=document_id(text),
        text=text,
        title=payload,
        published=f"2025-05-{1 + i % 28:02d}",
        outlet=payload,
        url=payload if i % 2 else f"https://news.example/{quote(payload, safe='')}",
        author=payload,
        subheadings=(TextSpan(heading, Span(0, len(heading))),),
        notes=(payload,),
    )
    analysis = Analysis(
        document=doc, entities=(entity, place), quantities=(quantity,), times=(time,), claims=(claim,), warnings=()
    )
    for span_text, span in ((source, s_span), (content, c_span), (figure, quantity.span), (when, time.span)):
        assert text[span.start : span.end] == span_text
    return analysis


def _link(analyses: list[Analysis]) -> LinkResult:
    """Clusters of neighbouring articles whose label, provenance, sources and figure notes carry payloads."""
    clusters, people = [], []
    for i, (a, b) in enumerate(zip(analyses, analyses[1:] + analyses[:1], strict=True)):
        payload = PAYLOADS[i]
        r1, r2 = ClaimRef(a.document.id, "c0"), ClaimRef(b.document.id, "c0")
        clusters.append(
            Cluster(
                id=f"k{i}",
                members=(r1, r2),
                label=payload,
                provenance=(ProvenanceChain(claim=r1, chain=(payload, "Wire"), ultimate=payload, published=None),),
                independent_sources=(payload,),
                earliest=r1,
                amplifiers=(payload,),
                figures=(FigurePair(r1, r2, "q0", "q0", "conflict", payload),),
            )
        )
        people.append(GlobalEntity(id=f"g{i}", name=payload, type="PERSON", aliases=(payload,), members=()))
    return LinkResult(entities=people, clusters=clusters, claim_entities={})


@pytest.fixture(scope="module")
def corpus_analyses() -> list[Analysis]:
    return [_analysis(i, p) for i, p in enumerate(PAYLOADS)]


@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory: pytest.TempPathFactory, corpus_analyses: list[Analysis]) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("xss-corpus") / "corpus.db"
    with Store.open(path) as store:
        store.add_many(corpus_analyses)
    with TestClient(create_app(path, link_result=_link(corpus_analyses))) as c:
        yield c


@pytest.fixture(scope="module")
def allowed(linked_client: TestClient, analyses: list[Analysis]) -> set[tuple[str, str]]:
    """Every (element, attribute) the templates produce over benign data: pages, fragments, errors, forms."""
    a = analyses[0]
    claim = a.claims[0].id
    urls = ["/", "/search", "/search?q=port", "/search?min=x", "/sources", "/entities", "/clusters", "/cluster/k1"]
    urls += [f"/doc/{a.document.id}", f"/doc/{a.document.id}?claim={claim}", "/analyse", "/no-such-page"]
    urls += ["/source?" + urlencode({"name": "Ilse Marten"}), "/entity?" + urlencode({"name": "Ilse Marten"})]
    pairs: set[tuple[str, str]] = set()
    for url in urls:
        r = linked_client.get(url)
        assert r.status_code in (200, 404), url
        pairs |= parse(r.text).pairs
    for url in ("/search?q=port", f"/doc/{a.document.id}/claim/{claim}"):
        pairs |= parse(linked_client.get(url, headers={"HX-Request": "true"}).text).pairs
    pairs |= parse(linked_client.post("/analyse", data={"text": " ", "title": "t"}).text).pairs
    assert ("script", "src") in pairs and ("body", "hx-headers") in pairs and ("input", "value") in pairs
    return pairs


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _get(client: TestClient, url: str, **kwargs: Any) -> Any:
    r = client.get(url, **kwargs)
    assert r.status_code < 500, f"{url}: {r.status_code}"
    assert r.headers["content-security-policy"] == CSP, url
    return r


def test_security_corpus_is_broad() -> None:
    assert len(PAYLOADS) >= 40 and len(set(PAYLOADS)) == len(PAYLOADS)
    joined = "\n".join(PAYLOADS).lower()
    for kind in ("<script", "onerror=", "onload=", "javascript:", "<svg", "</textarea>", "{{", "&#", "%3c", "\\u003c"):
        assert kind in joined, kind


def test_security_corpus_every_stored_field_on_every_page(
    corpus_client: TestClient, corpus_analyses: list[Analysis], allowed: set[tuple[str, str]]
) -> None:
    shown = 0
    for i, a in enumerate(corpus_analyses):
        payload, doc = PAYLOADS[i], a.document
        urls = [f"/doc/{doc.id}", f"/doc/{doc.id}?claim=c0", "/cluster/k" + str(i)]
        urls += ["/source?" + urlencode({"name": a.claims[0].source.text}), "/entity?" + urlencode({"name": payload})]
        urls += ["/entity?" + urlencode({"name": a.entities[0].name}), "/search?" + urlencode({"source": payload})]
        for url in urls:
            r = _get(corpus_client, url)
            assert r.status_code in (200, 404), url
            page = check_inert(r.text, allowed, f"{payload!r} {url}")
            shown += payload.strip() in "".join(page.text)
        fragment = _get(corpus_client, f"/doc/{doc.id}/claim/c0", headers={"HX-Request": "true"})
        page = check_inert(fragment.text, allowed, f"{payload!r} claim fragment")
        assert fragment.status_code == 200 and payload.strip() in "".join(page.text)
        # The article page shows the payload as text in the title, outlet, author and the claim.
        article = "".join(parse(_get(corpus_client, f"/doc/{doc.id}").text).text)
        assert article.count(payload.strip()) >= 4, payload
    for url in ("/", "/search", "/sources", "/entities", "/clusters"):
        check_inert(_get(corpus_client, url).text, allowed, url)
    assert shown >= len(PAYLOADS) * 4


def test_security_corpus_every_query_and_path_parameter(
    corpus_client: TestClient, corpus_analyses: list[Analysis], allowed: set[tuple[str, str]]
) -> None:
    doc_id = corpus_analyses[0].document.id
    for payload in PAYLOADS:
        p = quote(payload, safe="")
        urls = ["/search?" + urlencode({k: payload}) for k in SEARCH_PARAMS]
        urls.append("/search?" + urlencode(dict.fromkeys(SEARCH_PARAMS[:3], payload)))
        urls += [f"/doc/{p}", f"/doc/{doc_id}?claim={p}", f"/doc/{doc_id}/claim/{p}", f"/cluster/{p}"]
        urls += ["/source?" + urlencode({"name": payload}), "/entity?" + urlencode({"name": payload}), f"/{p}"]
        for url in urls:
            r = _get(corpus_client, url)
            check_inert(r.text, allowed, f"{payload!r} {url}")
        r = _get(corpus_client, "/search?" + urlencode({"q": payload}), headers={"HX-Request": "true"})
        check_inert(r.text, allowed, f"{payload!r} htmx search")


def test_security_corpus_api_answers_are_json_data(corpus_client: TestClient, corpus_analyses: list[Analysis]) -> None:
    documents = _get(corpus_client, "/api/documents?limit=500").json()["items"]
    assert len(documents) == len(PAYLOADS)
    for i, a in enumerate(corpus_analyses):
        payload = PAYLOADS[i]
        r = _get(corpus_client, f"/api/documents/{a.document.id}")
        assert r.headers["content-type"] == "application/json"
        strings = list(_json_strings(r.json()))
        # title, outlet, author, subheading, note, aliases, roles, units, time value, marker, resolved source
        assert strings.count(payload) >= 10, payload
        cluster = _get(corpus_client, f"/api/clusters/k{i}").json()
        assert cluster["label"] == payload and payload in _json_strings(cluster)
        p = quote(payload, safe="")
        urls = ["/api/claims?" + urlencode({k: payload}) for k in API_CLAIM_PARAMS]
        urls += ["/api/entities?" + urlencode({"name": payload}), f"/api/documents/{p}", f"/api/clusters/{p}"]
        urls += [f"/api/export/{p}", f"/api/{p}"]
        for url in urls:
            r = _get(corpus_client, url)
            assert r.headers["content-type"] == "application/json", url
            r.json()  # JSON, not HTML, whatever the status
    hits = _get(corpus_client, "/api/claims?" + urlencode({"source": PAYLOADS[0]})).json()["items"]
    assert hits and all(PAYLOADS[0] in h["source"] for h in hits)
    for fmt in ("jsonl", "csv", "claimreview", "graphml"):
        r = _get(corpus_client, f"/api/export/{fmt}")
        assert r.status_code == 200 and not r.headers["content-type"].startswith("text/html"), fmt


def test_security_corpus_paste_and_upload_forms(scratch_client: TestClient, allowed: set[tuple[str, str]]) -> None:
    fields = ("title", "outlet", "url", "published")
    for i, payload in enumerate(PAYLOADS):
        # A rejected form is echoed back with every field filled in.
        r = scratch_client.post("/analyse", data={"text": " ", **dict.fromkeys(fields, payload)})
        assert r.status_code in (400, 422) and r.headers["content-security-policy"] == CSP
        check_inert(r.text, allowed, f"{payload!r} echoed form")
        if i % 3 == 0:  # the analysed text, through the real pipeline, then its article page
            text = f"Mayor Orla Fenn said {payload} the canal reopened on Tuesday after 3 weeks of repairs."
            r = scratch_client.post("/analyse", data={"text": text, **dict.fromkeys(fields[:3], payload)})
            assert r.status_code == 200, (payload, r.status_code)
            page = check_inert(r.text, allowed, f"{payload!r} analysed")
            assert payload.strip() in "".join(page.text)
        if i % 3 == 1:  # an uploaded HTML file whose markup and name carry the payload
            body = f"<html><head><title>{payload}</title></head><body><article><h1>{payload}</h1>"
            body += f"<p>Harbour master Bea Lunn said {payload} that 40 ships waited at the quay.</p>"
            body += "<p>The port office said the queue would clear by Friday.</p></article></body></html>"
            r = scratch_client.post("/analyse", files={"file": (f"{payload}.html", body.encode(), "text/html")})
            assert r.status_code in (200, 422), (payload, r.status_code)
            check_inert(r.text, allowed, f"{payload!r} uploaded")
        api = scratch_client.post("/api/analyse", json={"text": f"Officials said {payload} fell.", "title": payload})
        assert api.status_code == 200 and api.headers["content-type"] == "application/json"
        assert api.json()["analysis"]["document"]["title"] == payload


def test_security_corpus_checker_catches_unescaped_payloads(
    linked_client: TestClient, allowed: set[tuple[str, str]]
) -> None:
    """The check above can fail: the payloads pasted raw into a real page, as a missing escape would put them."""
    page = linked_client.get("/search?q=MARKER").text
    assert page.count('value="MARKER"') == 1 and page.count("<h1") == 1
    check_inert(page, allowed, "benign")

    def caught(html: str) -> bool:
        try:
            check_inert(html, allowed, "raw")
        except AssertionError:
            return True
        return False

    in_text = [p for p in PAYLOADS if caught(page.replace("<h1", f"<p>{p}</p><h1"))]
    in_attr = [p for p in PAYLOADS if caught(page.replace('value="MARKER"', f'value="{p}"'))]
    tags = [p for p in PAYLOADS if re.search(r"<[a-z]", p, re.IGNORECASE)]
    breakouts = [p for p in PAYLOADS if re.search(r"\"\W*\s*(on|autofocus)", p) or '"><' in p]
    # Every payload with a tag is caught in text, but those whose tags our pages also use (a harmless <a> or
    # <form> whose URL is checked) and those that are inert raw too (a comment, CDATA).
    missed = [p for p in tags if p not in in_text]
    assert all(re.match(r"(<a |<form |'><a |<!--|<!\[CDATA)", p) for p in missed), missed
    assert len(in_text) >= len(tags) - 6
    assert breakouts and all(p in in_attr for p in breakouts), [p for p in breakouts if p not in in_attr]
