from pathlib import Path

import pytest

from bot import ModelError, PromptError, Settings
from bot.models import check_gguf, resolve_model
from bot.prompts import Prompts

from .conftest import ROOT


def test_project_prompts_render_with_their_variables():
    text = Prompts(ROOT / "prompts").render(
        "system", corpus="the article", decline="The article doesn't say.",
        passages=[{"n": 1, "text": "First."}, {"n": 2, "text": "Second."}],
    )
    assert "[1] First." in text and "[2] Second." in text
    assert "The article doesn't say." in text


def test_missing_variable_fails_loudly():
    with pytest.raises(PromptError, match="needs a variable"):
        Prompts(ROOT / "prompts").render("system", corpus="x", passages=[])


def test_missing_prompt_file_is_named(tmp_path):
    with pytest.raises(PromptError, match="prompt file missing"):
        Prompts(tmp_path).render("nothing")


def test_settings_from_env():
    s = Settings.from_env({"BOT_PORT": "9000", "BOT_MODEL_PATH": "/m.gguf", "BOT_MIN_RETRIEVAL_SCORE": "0.3"})
    assert s.port == 9000 and s.model_path == Path("/m.gguf") and s.min_retrieval_score == 0.3
    assert Settings.from_env({}).host == "127.0.0.1"


def test_model_path_must_be_a_gguf(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        resolve_model(tmp_path / "missing.gguf", tmp_path)
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match="not a GGUF"):
        check_gguf(bad)
    good = tmp_path / "ok.gguf"
    good.write_bytes(b"GGUF....")
    assert resolve_model(good, tmp_path) == good
