"""Real elections: found through ``PABULIB_DIR``, else beside the checkout, or loudly not."""

import pytest

from tests.pabulib_files import ROOT, pabulib_dir


def test_pabulib_dir_names_the_folder(monkeypatch, tmp_path):
    (tmp_path / "Somewhere_2024.pb").write_text("META\n", encoding="utf-8")
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))
    assert pabulib_dir() == tmp_path


def test_the_default_is_shared_pabulib_beside_the_checkout(monkeypatch):
    monkeypatch.delenv("PABULIB_DIR", raising=False)
    assert pabulib_dir() == ROOT.parent / "shared" / "pabulib"


def test_a_folder_without_elections_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="PABULIB_DIR"):
        pabulib_dir()
