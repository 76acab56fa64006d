"""The extraction pipeline: spaCy's English pipeline plus claimgraph's components.

``Pipeline.analyze(article)`` turns one :class:`~claimgraph.model.Article` into an
:class:`~claimgraph.model.Analysis`; ``Pipeline.pipe(articles)`` does many, with
``nlp.pipe`` batching, optional worker processes and an error handler so that one
bad article is reported and the batch goes on.

Every article runs under ``Settings.article_timeout`` (:mod:`claimgraph.extract.deadline`): a
runaway rule becomes :class:`~claimgraph.errors.ExtractionTimeoutError` (E020) for that article.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.config import Settings, load_settings
from claimgraph.errors import ClaimgraphError, InputTooLargeError
from claimgraph.extract import components  # noqa: F401  (registers the factories)
from claimgraph.extract.deadline import Progress, check_deadline, deadline_after, set_deadline, time_limit
from claimgraph.extract.extensions import register_extensions
from claimgraph.extract.loader import load_spacy, model_info
from claimgraph.model import Analysis, Article, Attribution, Claim, Document, Entity, Quantity, Source, Span, TimeExpr
from claimgraph.version import __version__

#: claimgraph's own components, in pipeline order, after spaCy's ``ner``.
CLAIMGRAPH_PIPES: tuple[str, ...] = (
    "claimgraph_entities_v1",
    "claimgraph_times_v1",
    "claimgraph_quantities_v1",
    "claimgraph_claims_v1",
    "claimgraph_modality_v1",
)
SENTENCES_PIPE = "claimgraph_sentences_v1"

ErrorHandler = Callable[[Article, Exception], None]


@dataclass(frozen=True, slots=True)
class PipeResult:
    """One article's outcome in :meth:`Pipeline.pipe_results`."""

    article: Article
    analysis: Analysis | None
    error: ClaimgraphError | None


def build_nlp(settings: Settings) -> Language:
    """Load the configured spaCy model and add claimgraph's components."""
    register_extensions()
    nlp = load_spacy(settings.model)
    nlp.add_pipe(SENTENCES_PIPE, before="parser")
    for name in CLAIMGRAPH_PIPES:
        nlp.add_pipe(name, name=name)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp


class Pipeline:
    """Holds one loaded spaCy pipeline; analyse one article or stream many."""

    def __init__(self, settings: Settings | None = None, *, nlp: Language | None = None) -> None:
        self.settings = settings or load_settings()
        self.nlp = nlp if nlp is not None else build_nlp(self.settings)
        self._generator = {"name": "claimgraph", "version": __version__, **model_info(self.nlp)}

    # -- single article -------------------------------------------------------------
    def analyze(self, article: Article) -> Analysis:
        """Analyse one article; raises :class:`ClaimgraphError` on failure.

        Past ``settings.article_timeout`` seconds the work is stopped with E020
        (:class:`~claimgraph.errors.ExtractionTimeoutError`).
        """
        self._check_size(article)
        with time_limit(self.settings.article_timeout, f"article of {len(article.text):,} characters") as progress:
            if len(article.text) > self.settings.max_chars:
                doc = self._run_chunked(article, progress)
            else:
                doc = self._run_components(self._prepare(article), progress)
            return self._assemble(article, doc)

    # -- many articles ---------------------------------------------------------------
    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        n_process: int = 1,
        error_handler: ErrorHandler | None = None,
    ) -> Iterator[Analysis]:
        """Analyse many articles; failures go to ``error_handler`` (default: raise)."""
        for result in self.pipe_results(articles, batch_size=batch_size, n_process=n_process):
            if result.analysis is not None:
                yield result.analysis
            elif result.error is not None:
                if error_handler is None:
                    raise result.error
                error_handler(result.article, result.error)

    def pipe_results(
        self, articles: Iterable[Article], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[PipeResult]:
        """Like :meth:`pipe` but yields a :class:`PipeResult` per article, in order."""
        short: list[Article] = []

        def flush() -> Iterator[PipeResult]:
            if not short:
                return
            batch = list(short)
            short.clear()
            # Strings and lexemes that spaCy adds for this batch's words are freed when the zone closes, so
            # a long run's memory does not grow with its vocabulary. Analyses hold plain Python objects only.
            with self.nlp.memory_zone():
                results = self._run_batch(batch, batch_size, n_process)
            yield from results

        for article in articles:
            try:
                too_long = len(article.text) > self.settings.max_chars
            except Exception as exc:  # noqa: BLE001 - a broken record must not stop the batch
                yield from flush()
                yield PipeResult(article, None, _internal(exc))
                continue
            if too_long:
                yield from flush()
                yield self._safe_analyze(article)
                continue
            short.append(article)
            if len(short) >= batch_size * max(1, n_process):
                yield from flush()
        yield from flush()

    def _run_batch(self, batch: list[Article], batch_size: int, n_process: int) -> list[PipeResult]:
        try:
            # The whole batch gets one article's time limit: a normal batch needs a fraction of it,
            # and when it overruns, the one-by-one rerun below gives each article its own limit.
            with time_limit(self.settings.article_timeout, f"a batch of {len(batch)} articles"):
                prepared = [self._prepare(a) for a in batch]
                docs = list(self.nlp.pipe(prepared, batch_size=batch_size, n_process=n_process))
        except Exception:  # noqa: BLE001
            # A failure or an overrun inside spaCy's batch: redo it one by one to isolate the bad article.
            return [self._safe_analyze(article) for article in batch]
        return [self._safe_assemble(article, doc) for article, doc in zip(batch, docs, strict=True)]

    def _check_size(self, article: Article) -> None:
        if len(article.text) > self.settings.max_article_chars:
            raise InputTooLargeError(
                f"article of {len(article.text):,} characters is longer than max_article_chars "
                f"({self.settings.max_article_chars:,}); split it, or raise the limit with "
                "CLAIMGRAPH_MAX_ARTICLE_CHARS"
            )

    def _safe_assemble(self, article: Article, doc: Doc) -> PipeResult:
        try:
            return PipeResult(article, self._assemble(article, doc), None)
        except ClaimgraphError as exc:
            return PipeResult(article, None, exc)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
            return PipeResult(article, None, _internal(exc))

    def _safe_analyze(self, article: Article) -> PipeResult:
        try:
            return PipeResult(article, self.analyze(article), None)
        except ClaimgraphError as exc:
            return PipeResult(article, None, exc)
        except Exception as exc:  # noqa: BLE001
            return PipeResult(article, None, _internal(exc))

    # -- internals -------------------------------------------------------------------
    def _prepare(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.cg_dct = article.published
        doc._.cg_structure = [s.to_list() for s in article.structure_spans()]
        set_deadline(doc, self.settings.article_timeout)
        return doc

    def _run_components(self, doc: Doc, progress: Progress, *, only: Iterable[str] | None = None) -> Doc:
        """Run the pipeline's components (or ``only`` those) on ``doc``, checking its deadline after each.

        The same loop as ``Language.__call__``, so that a timeout can name the component it stopped and
        the deadline is checked even where no timer can be armed (threads).
        """
        wanted = None if only is None else set(only)
        for name, proc in self.nlp.pipeline:
            if wanted is not None and name not in wanted:
                continue
            progress.step = name
            doc = proc(doc)
            check_deadline(doc, name)
        return doc

    def _run_chunked(self, article: Article, progress: Progress) -> Doc:
        """Run spaCy's own components on paragraph chunks, claimgraph's on the whole."""
        chunks = split_chunks(article.text, self.settings.max_chars)
        cg_pipes = set(CLAIMGRAPH_PIPES)
        spacy_pipes = [name for name in self.nlp.pipe_names if name not in cg_pipes]
        structure = [s.to_list() for s in article.structure_spans()]
        parts: list[Doc] = []
        offset = 0
        deadline = deadline_after(self.settings.article_timeout)
        for chunk in chunks:
            part = self.nlp.make_doc(chunk)
            end = offset + len(chunk)
            part._.cg_structure = [[s - offset, e - offset] for s, e in structure if offset <= s and e <= end]
            part._.cg_deadline = deadline
            parts.append(self._run_components(part, progress, only=spacy_pipes))
            offset = end
        with warnings.catch_warnings():
            # spaCy warns that per-chunk extension values are dropped; we set them on the merged doc below.
            warnings.simplefilter("ignore", UserWarning)
            doc = Doc.from_docs(parts, ensure_whitespace=False)
        doc._.cg_dct = article.published
        doc._.cg_structure = [s.to_list() for s in article.structure_spans()]
        doc._.cg_deadline = deadline
        return self._run_components(doc, progress, only=cg_pipes)

    def _assemble(self, article: Article, doc: Doc) -> Analysis:
        if doc.text != article.text:
            raise ClaimgraphError(f"internal: tokenised text differs from the article text ({article.source_path})")
        entities: list[Entity] = list(doc._.cg_entities or [])
        quantities = list(doc._.cg_quantities or [])
        times = list(doc._.cg_times or [])
        claims = [link_claim(c, entities, quantities, times) for c in (doc._.cg_claims or [])]
        attributions = [link_attribution(a, claims, entities) for a in (doc._.cg_attributions or [])]
        warnings: list[str] = []
        if article.language and article.language != "en":
            warnings.append(
                f"language '{article.language}' is not English: claimgraph analyses English text only, "
                "so this analysis is likely empty or unreliable"
            )
        if not claims and article.text.strip():
            warnings.append("no claims found in this text")
        return Analysis(
            document=Document.from_article(article),
            entities=tuple(entities),
            quantities=tuple(quantities),
            times=tuple(times),
            claims=tuple(claims),
            warnings=tuple(warnings),
            generator=dict(self._generator),
            attributions=tuple(attributions),
        )


def _internal(exc: Exception) -> ClaimgraphError:
    err = ClaimgraphError(f"internal error while analysing: {exc.__class__.__name__}: {exc}; please report it")
    err.__cause__ = exc
    return err


def split_chunks(text: str, max_chars: int) -> list[str]:
    """Split text into pieces of at most ``max_chars``, at paragraph, line or space breaks.

    The pieces concatenate back to exactly ``text``.
    """
    chunks: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + max_chars)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + max_chars // 2, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        chunks.append(text[start:end])
        start = end
    return chunks


def _ids_inside(span: Span, items: Iterable[tuple[str, Span]]) -> tuple[str, ...]:
    seen: list[str] = []
    for item_id, item_span in items:
        if span.contains(item_span) and item_id not in seen:
            seen.append(item_id)
    return tuple(seen)


def _link_source(source: Source, ent_items: list[tuple[str, Span]]) -> Source:
    """The source with the id of the entity it names, when one does."""
    if source.kind == "author" or source.entity is not None:
        return source
    target = source.resolved_span if source.resolved_span is not None else source.span
    if target is None:
        return source
    # The source is that entity only when the mention holds the phrase's last word (its head in
    # English NPs): "a briefing by the X Agency" is X; "Ostland's defence ministry" is not Ostland.
    last = target.end
    match = next((eid for eid, m in ent_items if target.overlaps(m) and m.start < last <= m.end), None)
    return replace(source, entity=match) if match is not None else source


def link_attribution(attribution: Attribution, claims: list[Claim], entities: list[Entity]) -> Attribution:
    """An attribution with its source linked: the linked source of its claims, else matched to the entities."""
    held = next((c for c in claims if attribution.claims and c.id == attribution.claims[0]), None)
    if held is not None:
        return replace(attribution, source=held.source)
    return replace(
        attribution, source=_link_source(attribution.source, [(e.id, m) for e in entities for m in e.mentions])
    )


def link_claim(claim: Claim, entities: list[Entity], quantities: list[Quantity], times: list[TimeExpr]) -> Claim:
    """Fill a claim's entity/quantity/time ids and its source's entity id."""
    ent_items = [(e.id, m) for e in entities for m in e.mentions]
    source = _link_source(claim.source, ent_items)
    return replace(
        claim,
        source=source,
        entities=claim.entities or _ids_inside(claim.span, ent_items),
        quantities=claim.quantities or _ids_inside(claim.span, [(q.id, q.span) for q in quantities]),
        times=claim.times or _ids_inside(claim.span, [(t.id, t.span) for t in times]),
    )


__all__ = ["CLAIMGRAPH_PIPES", "PipeResult", "Pipeline", "build_nlp", "split_chunks"]
