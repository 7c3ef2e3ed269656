"""Sentence structure for the checker, and a clear message when the parser is missing or altered."""

import pytest

from bot import parse
from bot.errors import ModelError


def test_each_clause_with_its_own_subject_holds_its_own_facts():
    [s] = parse.analyse("While DeepSeek was officially established in 2023, its parent company has been "
                        "exploring AI since 2016.")
    clause = {t.text: t.clause for t in s.toks}
    assert clause["DeepSeek"] == clause["2023"] == clause["established"]
    assert clause["2016"] == clause["exploring"] == clause["company"] != clause["2023"]


def test_negation_bounds_and_currency_are_read_off_the_sentence():
    [s] = parse.analyse("DeepSeek has not open-sourced its code, spending fewer than 150 dollars or 5 trillion RMB.")
    negated = {t.text for t in s.toks if t.i in s.negated}
    assert "sourced" in negated or "open" in negated
    by_text = {t.text: t for t in s.toks}
    assert by_text["150"].bound == "<" and by_text["150"].unit == "$"
    assert by_text["5"].unit == "rmb"


def test_a_missing_parser_package_says_how_to_install_it(monkeypatch):
    parse.nlp.cache_clear()
    monkeypatch.setattr(parse.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="dev.sh setup"):
        parse.nlp()
    parse.nlp.cache_clear()


def test_parser_files_that_do_not_match_their_checksum_are_refused(monkeypatch):
    parse.nlp.cache_clear()
    monkeypatch.setattr(parse, "DIGEST", "0" * 64)
    with pytest.raises(ModelError, match="checksum"):
        parse.nlp()
    parse.nlp.cache_clear()


def test_a_name_typed_in_lower_case_that_parses_as_a_name_binds_as_the_name():
    """"how big is the us debt": the country, as "US" is; "did they tell us" stays a pronoun."""
    keys = {t.text: t.key for s in parse.analyse("how big is the us debt") for t in s.toks}
    assert keys["us"] == parse.analyse("How big is the US debt?")[0].toks[4].key == "usa"
    keys = {t.text: t.key for s in parse.analyse("did they tell us why") for t in s.toks}
    assert keys["us"] != "usa"
