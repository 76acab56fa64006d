"""Hypothesis strategies for hostile article text and hostile reader inputs (all invented, no corpus text)."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Invented news words, mixed with other scripts, to get past "not English" shortcuts into the rules.
_WORDS = (
    "The Velmora port authority said on Tuesday that about 300 containers were delayed , "
    "according to officials who declined to be named . Ministers may have denied reports "
    "that 12.5 % of the 40 km road , worth $ 3 million , was closed since March 2023 ."
).split()
_OTHER_SCRIPTS = ("Москва", "北京市", "القاهرة", "Αθήνα", "दिल्ली", "ソウル", "🙂", "Ǆemal", "ﬁnance", "İstanbul")
_QUOTES = ('"', "“", "”", "'", "‘", "’", "«", "»", "„", "(", ")", "[", "]")
_CONTROL = "".join(chr(c) for c in (*range(0, 32), 127, 0x85, 0x2028, 0x2029, 0x200B, 0xFEFF, 0x202E))
_DATES = ("99999-99-99", "0000-00-00", "2024-13-45", "31/02/2024", "Feb 30, 1999", "the 99th of Smarch", "T25:61")


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=1, max_value=n).map(lambda k: "9" * k)


#: One piece of a hostile sentence: words, scripts, control characters, quotes, huge numbers, bad dates.
fragments = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_OTHER_SCRIPTS),
    st.sampled_from(_QUOTES),
    st.sampled_from(_DATES),
    st.text(alphabet=_CONTROL, min_size=1, max_size=4),
    st.text(min_size=1, max_size=12),
    _digits(5000),
    _digits(60).map(lambda d: f"${d}.{d} million"),
    _digits(400).map(lambda d: f"{d},{d[:3]},{d[:3]} km"),
    st.integers(min_value=1, max_value=10_000).map(lambda n: "x" * n),
    # Runs of punctuation: some stay one token ("----"), some become one token per character ("%%%%").
    st.tuples(st.sampled_from(["-", "–", "/", "%", "...", "'"]), st.integers(min_value=2, max_value=400)).map(
        lambda cn: cn[0] * cn[1]
    ),
)
_SHORT = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_OTHER_SCRIPTS), st.sampled_from(_QUOTES))
_CLAUSE = [w for w in _WORDS if w != "."]

#: A hostile article: fragments, a short pattern repeated into a long text, or one very long sentence.
article_texts = st.one_of(
    st.lists(fragments, min_size=1, max_size=30).map(" ".join),
    st.lists(_SHORT, min_size=1, max_size=8).map(lambda fs: " ".join(fs * 60)),
    st.lists(st.sampled_from(_CLAUSE), min_size=3, max_size=30).map(lambda ws: " ".join(ws * 30)),
    st.text(max_size=300),
)


def _nested_html(depth: int, tag: str, body: str) -> str:
    return "<html><body>" + f"<{tag}>" * depth + f"<p>{body}</p>" + f"</{tag}>" * (depth // 2) + "</body></html>"


#: HTML pages: deeply nested and unbalanced tags, broken attributes, random fragments.
html_pages = st.one_of(
    st.builds(
        _nested_html,
        st.integers(min_value=1, max_value=3000),
        st.sampled_from(["div", "span", "article", "table", "p", "b"]),
        st.lists(fragments, max_size=10).map(" ".join),
    ),
    st.lists(
        st.one_of(
            st.sampled_from(["<p>", "</p>", "<div", "<!--", "-->", "<script>", "<![CDATA[", "&amp", "&#x110000;"]),
            st.sampled_from(['<meta name="date" content="99999-99-99">', "<title>", "<h1>", "<article>"]),
            fragments,
        ),
        max_size=40,
    ).map("".join),
)


def _record(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)

#: JSON Lines files: good records, records with odd field types, broken lines.
jsonl_files = st.lists(
    st.one_of(
        st.builds(
            lambda text, title, pub: _record({"text": text, "title": title, "published": pub}),
            article_texts,
            st.one_of(st.none(), st.text(max_size=30), st.integers()),
            st.one_of(st.none(), st.sampled_from(_DATES), st.text(max_size=20)),
        ),
        st.dictionaries(st.sampled_from(["text", "html", "title", "published", "url"]), _json_values).map(_record),
        _json_values.map(_record),
        st.text(max_size=40),
    ),
    min_size=1,
    max_size=5,
).map("\n".join)


def _feed(kind: str, items: list[tuple[str, str, str]]) -> str:
    if kind == "rss":
        body = "".join(
            f"<item><title>{t}</title><pubDate>{d}</pubDate><description>{x}</description></item>" for t, d, x in items
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{body}</channel></rss>'
    body = "".join(
        f"<entry><title>{t}</title><updated>{d}</updated><content type='html'>{x}</content></entry>"
        for t, d, x in items
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'


_xml_text = st.one_of(st.text(max_size=40), st.sampled_from(_DATES), st.sampled_from(["&lt;p&gt;", "<![CDATA[<b>x]]>"]))

#: RSS and Atom feeds with hostile titles, dates and bodies (some not even well-formed XML).
feeds = st.one_of(
    st.builds(
        _feed, st.sampled_from(["rss", "atom"]), st.lists(st.tuples(_xml_text, _xml_text, _xml_text), max_size=4)
    ),
    st.text(max_size=200).map(lambda t: f"<rss><channel><item>{t}"),
)

#: Encodings a text file may arrive in (plus raw bytes that are no encoding at all).
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "koi8-r"])
