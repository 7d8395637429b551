"""The backup drill on the suite's database (CI runs the suite on SQLite and on PostgreSQL): back up an
installation holding the demo content, restore it into a new database and empty file stores, and find
every row and every file again."""

import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.live_site import (
    ROOT,
    fresh_database,
    manage,
    production_env,
    row_counts,
    seeded_database,
)

ATTACHMENT = "cases/2026/11/receipt.pdf"


def checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def restore(env: dict, archive: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_backup_and_restore_drill(tmp_path):
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    with (
        seeded_database(source_dir) as source_url,
        fresh_database(target_dir.parent) as target_url,
    ):
        source = production_env(source_dir, source_url)
        attachment = source_dir / "private" / ATTACHMENT
        attachment.parent.mkdir(parents=True)
        attachment.write_bytes(b"%PDF-1.4 synthetic receipt")

        archive = Path(
            manage(source, "backup", "--output-dir", str(tmp_path / "backups")).splitlines()[-1]
        )
        assert archive.name.startswith("qiandeng-backup-") and archive.suffix == ".tar"
        assert archive.stat().st_mode & 0o077 == 0, "personal data: readable by its owner only"
        with tarfile.open(archive) as tar:
            sums = tar.extractfile("SHA256SUMS").read().decode()
        assert f"  private/{ATTACHMENT}\n" in sums and "  database/" in sums

        target = production_env(target_dir, target_url)
        restored = restore(target, archive)
        assert restored.returncode == 0, restored.stderr

        assert row_counts(target) == row_counts(source)
        assert sum(row_counts(target).values()) > 1000, "the demo site's rows came back"
        for store in ("media", "private"):
            assert checksums(target_dir / store) == checksums(source_dir / store)
        assert checksums(target_dir / "media"), "the demo images came back"

        again = restore(target, archive)
        assert again.returncode != 0 and "not empty" in again.stderr
        assert restore(target, archive, "--force").returncode == 0
        assert row_counts(target) == row_counts(source)


def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path):
    with seeded_database(tmp_path) as url:
        env = production_env(tmp_path, url)
        (tmp_path / "private").mkdir()
        (tmp_path / "private" / "a.pdf").write_bytes(b"%PDF-1.4 synthetic")
        archive = Path(manage(env, "backup", "--output-dir", str(tmp_path)).splitlines()[-1])
        with tarfile.open(archive) as tar:
            offset = tar.getmember("private/a.pdf").offset_data
        with open(archive, "r+b") as file:
            file.seek(offset)
            file.write(b"X")
        with fresh_database(tmp_path) as empty_url:
            empty = production_env(tmp_path / "empty", empty_url)
            refused = restore(empty, archive)
            assert refused.returncode != 0 and "checksum mismatch: private/a.pdf" in refused.stderr
            assert row_counts(empty) == {}
            assert not (tmp_path / "empty" / "private").exists()
