"""Cross-article commands (``link``, ``cluster``, ``corroboration``, ``conflicts``, ``timeline``).

Thin layers over :func:`claimgraph.link.link` and the results the store keeps. ``cli.py`` calls
:func:`register` with its ``main`` group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from claimgraph.errors import NotFoundError
from claimgraph.serve.cli_store import db_option, emit, format_option, limit_option
from claimgraph.serve.cli_store import open_store as _open

if TYPE_CHECKING:
    from claimgraph.link import Cluster, LinkResult
    from claimgraph.model import Analysis
    from claimgraph.store import Store


def _load(store: Store) -> LinkResult:
    result = store.load_link()
    if result is None:
        raise NotFoundError("this store has not been linked yet: run `claimgraph link` first")
    return result


def _claim_index(store: Store) -> dict[str, tuple[Analysis, Any]]:
    index: dict[str, tuple[Analysis, Any]] = {}
    for analysis in store.iter_analyses():
        for claim in analysis.claims:
            index[f"{analysis.document.id}:{claim.id}"] = (analysis, claim)
    return index


def _cluster_rows(cluster: Cluster, index: dict[str, tuple[Analysis, Any]]) -> list[dict[str, Any]]:
    chains = {p.claim.key(): p for p in cluster.provenance}
    rows = []
    for ref in cluster.members:
        analysis, claim = index.get(ref.key(), (None, None))
        doc = analysis.document if analysis else None
        chain = chains.get(ref.key())
        rows.append(
            {
                "claim": ref.key(),
                "published": doc.published if doc else None,
                "outlet": doc.outlet if doc else None,
                "source": claim.source.display if claim else None,
                "modality": claim.modality if claim else None,
                "text": claim.text if claim else None,
                "chain": " -> ".join(chain.chain) if chain else None,
                "ultimate_source": chain.ultimate if chain else None,
            }
        )
    return sorted(rows, key=lambda r: (r["published"] or "", r["claim"]))


@click.command("link")
@click.option(
    "--kb",
    "kb",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Wikidata-style entity dump (JSON Lines or Wikidata JSON, .gz/.bz2 too): give entities its ids.",
)
@db_option
@format_option
def link_command(kb: str | None, db: str | None, fmt: str) -> None:
    """Link the stored articles: resolve entities and cluster claims across articles.

    Re-run it after `claimgraph add`; sentence vectors are cached in the store, so only new claims
    are embedded. With --kb, entities whose names the dump lists get its id (kb_id) and its aliases
    resolve together; a name the dump gives to several entities is left without an id and its
    candidates are listed.

    \b
    Example:
      claimgraph add examples/ && claimgraph link --kb entities.jsonl.gz
    """
    from claimgraph.link import link

    with _open(db, write=True) as store:
        result = link(store, embedder=store.embedder(), kb=kb)
        store.save_link(result)
    emit([dict(result.stats)], fmt, list(result.stats), title="linked")
    ambiguous = [e for e in result.entities if e.kb_candidates]
    if ambiguous and fmt == "table":
        for e in ambiguous:
            click.echo(f"not linked, ambiguous in the KB: {e.name} ({e.id}): {', '.join(e.kb_candidates)}", err=True)


@click.command("cluster")
@click.argument("cluster_id")
@db_option
@format_option
def cluster_command(cluster_id: str, db: str | None, fmt: str) -> None:
    """Show one claim cluster: who says it, the chain to each ultimate source, figures compared.

    \b
    Example:
      claimgraph cluster k3
    """
    with _open(db) as store:
        result = _load(store)
        cluster = next((c for c in result.clusters if c.id == cluster_id), None)
        if cluster is None:
            raise NotFoundError(f"no cluster '{cluster_id}'; list them with `claimgraph corroboration`")
        rows = _cluster_rows(cluster, _claim_index(store))
    if fmt == "json":
        emit([{**cluster.to_dict(), "claims": rows}], fmt, [])
        return
    emit(rows, fmt, ["published", "outlet", "source", "modality", "text", "chain"], title=f"cluster {cluster.id}")
    if fmt == "table":
        click.echo(
            f"independent sources ({len(cluster.independent_sources)}): {', '.join(cluster.independent_sources)}"
        )
        click.echo(f"repetitions: {cluster.repetitions}; amplified by: {', '.join(cluster.amplifiers) or '-'}")
        for pair in cluster.figures:
            click.echo(f"figures: {pair.a_quantity!r} vs {pair.b_quantity!r}: {pair.label} ({pair.reason})")


@click.command("corroboration")
@click.option("--entity", default=None, metavar="NAME", help="Only clusters whose claims mention NAME (or an alias).")
@click.option(
    "--min-members",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Only clusters with at least this many claims.",
)
@db_option
@format_option
@limit_option
def corroboration_command(entity: str | None, min_members: int, db: str | None, fmt: str, limit: int) -> None:
    """Clusters with their independent sources counted apart from repetitions.

    \b
    Example:
      claimgraph corroboration --entity "North Korea"
    """
    from claimgraph.link.names import name_key

    with _open(db) as store:
        result = _load(store)
    wanted: set[str] | None = None
    if entity:
        key = name_key(entity)
        wanted = {e.id for e in result.entities if key in e.name_keys()}
        if not wanted:
            raise NotFoundError(f"no entity named '{entity}' in the linked store")
    rows: list[dict[str, Any]] = []
    for cluster in result.clusters:
        if len(cluster.members) < min_members:
            continue
        if wanted is not None and not any(
            wanted & set(result.claim_entities.get(m.key(), ())) for m in cluster.members
        ):
            continue
        rows.append(
            {
                "cluster": cluster.id,
                "claims": len(cluster.members),
                "independent": len(cluster.independent_sources),
                "repetitions": cluster.repetitions,
                "sources": "; ".join(cluster.independent_sources),
                "conflicts": len(cluster.conflicts),
                "label": cluster.label,
            }
        )
    rows.sort(key=lambda r: (-r["independent"], -r["claims"], r["cluster"]))
    emit(
        rows[:limit],
        fmt,
        ["cluster", "claims", "independent", "repetitions", "conflicts", "sources", "label"],
        title="corroboration",
    )


@click.command("conflicts")
@click.option("--all-pairs", is_flag=True, help="Also list consistent figures and revised estimates.")
@db_option
@format_option
@limit_option
def conflicts_command(all_pairs: bool, db: str | None, fmt: str, limit: int) -> None:
    """Conflicting figures: same time frame, incompatible values, both asserted.

    Revised estimates (a later as-of date, or hedged figures) are not conflicts; --all-pairs shows them.

    \b
    Example:
      claimgraph conflicts --format csv > conflicts.csv
    """
    with _open(db) as store:
        result = _load(store)
    rows = [
        {
            "cluster": cluster.id,
            "class": pair.label,
            "a": pair.a_quantity,
            "b": pair.b_quantity,
            "reason": pair.reason,
            "a_claim": pair.a.key(),
            "b_claim": pair.b.key(),
        }
        for cluster in result.clusters
        for pair in cluster.figures
        if all_pairs or pair.label == "conflict"
    ]
    emit(rows[:limit], fmt, ["cluster", "class", "a", "b", "reason"], title="figure comparisons")


@click.command("timeline")
@click.argument("entity")
@db_option
@format_option
@limit_option
def timeline_command(entity: str, db: str | None, fmt: str, limit: int) -> None:
    """Claims about ENTITY ordered by the time they are about (publication date beside).

    \b
    Example:
      claimgraph timeline "Andrey Belousov"
    """
    from claimgraph.link import timeline

    with _open(db) as store:
        result = _load(store)
        entries = timeline(result, list(store.iter_analyses()), entity)
    if not entries:
        raise NotFoundError(f"no linked claims mention '{entity}'")
    emit([e.to_dict() for e in entries[:limit]], fmt, ["when", "published", "source", "text"], title=entity)


def register(main: click.Group) -> None:
    for command in (link_command, cluster_command, corroboration_command, conflicts_command, timeline_command):
        main.add_command(command)
