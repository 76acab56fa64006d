"""A store of an earlier schema revision is backed up as it is, and its backup restores and migrates to head.

The stores are built as ``test_migrations_upgrade.py`` builds them (migrations up to the revision, then the
frozen rows of claimgraph 0.1.0); every revision, from each backend to each backend.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.link.records import LinkResult
from claimgraph.model import Analysis
from claimgraph.store import Store, pg
from claimgraph.store.backup import backup
from claimgraph.store.backup_restore import restore
from claimgraph.store.schema import SCHEMA_HEAD
from tests.store.backends import BACKENDS, backend_location
from tests.store.test_backup_roundtrip import table_rows
from tests.store.test_migrations_upgrade import build_store_at, fixture_revisions, frozen, revision_of


@pytest.mark.parametrize("target_backend", BACKENDS)
@pytest.mark.parametrize("revision", fixture_revisions())
def test_backup_old_revisions_restore_then_migrate(
    revision: str, target_backend: str, store_url: str, tmp_path: Path
) -> None:
    build_store_at(store_url, revision)
    sqlite_bytes = None if pg.is_url(store_url) else Path(store_url).read_bytes()
    archive = tmp_path / f"rev{revision}.cgbackup"

    manifest = backup(store_url, archive)
    assert manifest.schema_revision == revision
    assert {t.name for t in manifest.tables} == {n for n, t in frozen()["tables"].items() if t["since"] <= revision}
    assert revision_of(store_url) == revision, "a backup never migrates the store it reads"
    if sqlite_bytes is not None:
        assert Path(store_url).read_bytes() == sqlite_bytes

    with backend_location(target_backend, tmp_path / "target") as target:
        result = restore(archive, target)
        assert result.revision == SCHEMA_HEAD and revision_of(target) == SCHEMA_HEAD
        with Store.open(target) as store:
            for expected in frozen()["analyses"]:
                assert store.get(expected["document"]["id"]) == Analysis.from_dict(expected)
            link_result = store.load_link()
            # Read as today's model reads the stored document (fields added since then take their defaults).
            assert link_result == (LinkResult.from_dict(frozen()["link_result"]) if revision >= "0002" else None)
            assert store.claims(search="Kessmoor", limit=None), "search works on the migrated rows"
            assert store.check() == []
        # The restored store holds exactly what the old store holds once today's claimgraph migrates it.
        Store.open(store_url).close()
        assert table_rows(target) == table_rows(store_url)
