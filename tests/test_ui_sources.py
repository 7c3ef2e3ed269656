"""The sources panel's actions with the fake embedder: they go through Library (same refusals,
nothing changed on refusal), the bot uses a change at once, and the list is escaped."""

from bot.library import SourceInfo
from bot.ui_sources import SourcesPanel, sources_table

from . import docs


def test_the_panel_adds_refuses_and_removes_and_the_bot_follows_at_once(fake_bot, tmp_path):
    bot = fake_bot()
    panel = SourcesPanel(bot)
    table, choices = panel.listing()
    assert "DeepSeek Shakes Up the Tech Scene" in table and len(choices) == 1
    (tmp_path / "empty.txt").write_text("  \n")
    registry = (bot.settings.index_dir / "sources.json").read_bytes()
    said = panel.add(str(tmp_path / "empty.txt"), origin="uploaded file empty.txt")
    assert said == "Not added: empty.txt is empty"
    assert (bot.settings.index_dir / "sources.json").read_bytes() == registry
    said = panel.add(str(docs.write_markdown(tmp_path / "orion.md")), origin="uploaded file orion.md")
    assert said.startswith("Added “Orion Lab Report”: 3 passages")
    assert "Orion Lab Report" in bot.titles  # used from the next question on
    table, choices = panel.listing()
    assert "uploaded file orion.md" in table and ("Orion Lab Report (orion-lab-report)", "orion-lab-report") in choices
    assert panel.remove("orion-lab-report") == "Removed “Orion Lab Report”; answers no longer use it."
    assert bot.titles == ["DeepSeek Shakes Up the Tech Scene in America!"]
    assert panel.remove("").startswith("Choose a source")
    assert panel.remove("deepseek-shakes-up-the-tech-scene").startswith("Not removed: ")  # the only one


def test_the_list_shows_text_as_text_and_links_only_web_addresses():
    infos = [SourceInfo("a", "<script>alert(1)</script>", "html", "javascript:alert(1)", "2026-12-01T10:00:00Z", 3),
             SourceInfo("b", "Report", "pdf", 'https://example.org/r.pdf?a=1&b="x"', "2026-12-01T11:00:00Z", 2,
                        ("not readable, left out: damaged",))]
    out = sources_table(infos)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="javascript' not in out
    assert 'href="https://example.org/r.pdf?a=1&amp;b=&quot;x&quot;"' in out
    assert "not readable, left out: damaged" in out and "2026-12-01" in out and ">PDF<" in out
