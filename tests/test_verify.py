"""The claim checker: claims bound to what one source sentence says, with the reason for each verdict."""

import pytest

from bot import check
from bot.question import answers, ask_of, quote
from bot.verify import best_support, check as check_with
from bot.text import cited_sentences, is_decline, numbers, sentences

from .conftest import ROOT

ARTICLE = (ROOT / "index" / "sources" / "deepseek-shakes-up-the-tech-scene.txt").read_text(encoding="utf-8")
PARAGRAPHS = {n: p for n, p in enumerate((p for p in ARTICLE.splitlines()[2:] if p.strip()), start=1)}


def verdict(claim: str, question: str = ""):
    [v] = check(claim, PARAGRAPHS, question)
    return v


# Each wrong claim reuses the article's own words; a bag-of-words check accepted all of them.
WRONG = [
    ("DeepSeek has not open-sourced its technology.", "polarity"),
    ("Deutsche Bank warned that these changes would not influence Federal Reserve policy.", "polarity"),
    ("DeepSeek's parent company was established in 2023.", "another clause"),
    ("DeepSeek was officially established in 2016.", "another clause"),
    ("DeepSeek has more than 150 employees.", "bounds"),
    ("Competing models need only a few hundred images of a tiger, while DeepSeek needs thousands.", ""),
    ("Employees at Facebook's parent company Meta are refusing to replicate DeepSeek's model.", "refusing"),
    ("The United States has a $36 trillion trade surplus.", "another clause"),
    ("DeepSeek itself has been exploring AI since 2016.", "parent company"),
    ("Unlike its American rivals, DeepSeek relies heavily on vast computational power.", "rivals"),
    ("Google and Microsoft lost a combined $5.5 trillion.", ""),
    ("It is crucial that we hastily declare a complete technological ascendance of China over the U.S.", "refrain"),
    ("The past few years have been challenging for leading figures in the AI sector.", ""),
    ("DeepSeek publicly disclosed its technology, parameters, and technical intricacies.", "list"),
    # One owner, another thing: the source says it of DeepSeek's free offerings.
    ("DeepSeek's open-sourcing of its technology has forced its competitors into a defensive position.",
     "free offerings"),
]


@pytest.mark.parametrize("claim, why", WRONG)
def test_a_wrong_claim_in_the_sources_own_words_is_rejected_with_its_reason(claim, why):
    v = verdict(claim)
    assert not v.supported, v
    assert why in v.reason, v.reason


RIGHT = [
    ("DeepSeek has open-sourced its technology.", 7),
    ("DeepSeek has fewer than 150 employees.", 4),
    ("DeepSeek was officially established in 2023.", 14),
    ("DeepSeek's parent company has been exploring AI since 2016.", 14),
    ("Nvidia's market capitalization plummeted by 17% overnight.", 2),
    ("Deutsche Bank warned that these changes could influence Federal Reserve policy.", 18),
    ("DeepSeek can achieve similar outcomes with just a few hundred images.", 6),
    ("Ballooning trade deficits led to a $36 trillion national debt.", 19),
    ("Employees at Meta are reportedly working around the clock to replicate DeepSeek's model.", 11),
    ("Nvidia's loss was 589 billion dollars.", 2),
    ("DeepSeek publicly disclosed its code, parameters, and technical intricacies.", 7),
    ("The company's free offerings force its competitors into a defensive position.", 17),
    # A participle describing a noun ("the chipmaker known for ...") is stated of it, not
    # governed by the clause's verb ("saw").
    ("Nvidia is known for its AI graphics processing units.", 2),
]


@pytest.mark.parametrize("claim, n", RIGHT)
def test_a_true_claim_is_supported_by_the_sentence_that_states_it(claim, n):
    v = verdict(claim)
    assert v.supported and v.cites == (n,), v
    assert v.evidence and v.evidence in PARAGRAPHS[n]


def test_numbers_are_normalised_across_wordings():
    assert numbers("$6 million") == numbers("6 million dollars") == numbers("six million dollars")
    assert numbers("17%") == numbers("17 percent") == {("%", 17.0)}
    assert numbers("a hundred billion dollars") == numbers("$100 billion")
    assert numbers("one of them") == set()


def test_markers_stay_with_their_sentence():
    parts = cited_sentences("It cost $6 million. [4] Nvidia fell 17% [2][4]. Done [Passage 3].")
    assert parts == [("It cost $6 million.", (4,)), ("Nvidia fell 17%.", (2, 4)), ("Done.", (3,))]


def test_a_wrong_citation_is_moved_to_the_passage_that_supports_the_sentence():
    [s] = check("Nvidia's market capitalization fell by 17% [4].", PARAGRAPHS)
    assert not s.supported or s.cites == (2,)
    [s] = check("DeepSeek was officially established in 2023 [2].", PARAGRAPHS)
    assert s.supported and s.cites == (14,) and s.recited


def test_invented_numbers_names_and_unseen_passages_are_unsupported():
    assert "does not give" in verdict("DeepSeek spent $8 million.").reason
    assert "does not name" in verdict("DeepSeek's CEO is Liang Wenfeng.").reason
    [s] = check("The 2022 World Cup was won by France [40].", PARAGRAPHS)
    assert not s.supported and s.cites == ()


def test_restating_the_question_is_not_an_answer():
    v = verdict("Nvidia is worried.", "Why is Nvidia worried?")
    assert not v.supported and "restates" in v.reason


def test_yes_or_no_stands_only_when_the_passage_entails_it():
    q = "Has DeepSeek open-sourced its technology?"
    assert verdict("Yes, DeepSeek has open-sourced its technology.", q).supported
    q = "Does DeepSeek have more than 150 employees?"
    no = verdict("No, DeepSeek has fewer than 150 employees.", q)
    assert no.supported and no.text.startswith("No")
    yes = verdict("Yes, DeepSeek has fewer than 150 employees.", q)
    assert not yes.text.startswith("Yes")  # the Yes is dropped; the statement is checked alone


def test_a_reporting_frame_is_checked_as_what_it_reports():
    v = verdict("The article states that DeepSeek was officially established in 2023.")
    assert v.supported and v.text == "DeepSeek was officially established in 2023."
    assert not verdict("The article says that DeepSeek was officially established in 2016.").supported


def test_declines_are_recognised():
    assert is_decline("The article doesn't say.")
    assert is_decline("The passages do not mention the CEO's name.")
    assert not is_decline("DeepSeek was established in 2023.")


def test_a_number_the_source_gives_settles_a_bound_on_it():
    # "by 17%" says "by more than 15%"; it does not say "by more than 17%" or "by less than 15%".
    assert verdict("Nvidia's market capitalization plummeted by more than 15% overnight.").supported
    assert not verdict("Nvidia's market capitalization plummeted by more than 17% overnight.").supported
    assert not verdict("Nvidia's market capitalization plummeted by less than 15% overnight.").supported
    # "fewer than 150" settles "fewer than 200", not "fewer than 100".
    assert verdict("DeepSeek has a team of fewer than 200 employees.").supported
    assert not verdict("DeepSeek has a team of fewer than 100 employees.").supported


def test_the_company_stands_for_the_name_just_before_it():
    # "By publicly disclosing its code ..., the company makes its innovations accessible": the
    # sentence before names DeepSeek.
    assert verdict("DeepSeek makes its innovations accessible to anyone interested.").supported
    assert not verdict("Nvidia makes its innovations accessible to anyone interested.").supported


def test_the_company_stands_for_what_the_sentence_is_about_not_the_last_name_in_a_list():
    # From Wikipedia's "Foxit Software": the last name before "the company" is Google Chrome.
    passage = ("Foxit's technology is an enabling technology at the heart of Amazon Kindle, Gmail and Google "
               "Chrome, and the company also provides the rendering engine that powers Google's open-source "
               "PDFium project.")
    claim = "{} provides the rendering engine that powers Google's open-source PDFium project."
    assert best_support(claim.format("Foxit"), passage).supported
    assert not best_support(claim.format("Amazon"), passage).supported


def test_the_word_naming_the_kind_of_answer_is_the_questions():
    q = "In which decade did internet technology let Microsoft, Google and Apple emerge as leaders?"
    v = verdict("The decade in which internet technology allowed Microsoft, Google and Apple to emerge as leaders "
                "was the 1990s.", q)
    assert v.supported, v
    assert not verdict("The decade in which internet technology allowed Microsoft, Google and Apple to emerge as "
                       "leaders was the 1980s.", q).supported


def test_spelled_out_counts_are_numbers_but_one_and_a_are_words():
    assert numbers("It has three spans and twenty piers.") == {("n", 3.0), ("n", 20.0)}
    assert numbers("One of them saw a rise.") == set()


def test_file_and_command_names_are_names():
    from bot.parse import analyse

    toks = {t.text: t.name for s in analyse("Run make.bash, then all.bash; cmd/go is built as go_bootstrap, "
                                            "e.g. in the U.S. and/or elsewhere.") for t in s.toks}
    assert toks["make.bash"] and toks["all.bash"] and toks["go_bootstrap"]
    assert not toks["e.g."] and not toks.get("and/or", False)


def test_short_forms_of_names_match_their_full_form():
    from bot.parse import analyse

    keys = [t.key for x in analyse("The US debt grew. Tell us more.") for t in x.toks]
    assert keys[1] == "usa" and "usa" not in keys[4:]  # "US" is the country, "us" the pronoun

    def supported(source: str, claim: str) -> bool:
        [v] = check(claim + " [1]", {1: source})
        return v.supported

    assert supported("The U.S. debt is $36 trillion.", "The US debt is $36 trillion.")
    assert supported("Deutsche Bank warned the Federal Reserve.", "Deutsche Bank warned the Fed.")
    assert not supported("Deutsche Bank warned the Federal Reserve.", "Deutsche Bank warned the Fedora Group.")


ROWS = ("Model: DeepSeek-V3-Base; #Total Params: 671B; #Activated Params: 37B; Context Length: 128K.\n"
        "Model: DeepSeek-V3; #Total Params: 671B; #Activated Params: 37B; Context Length: 128K.")


@pytest.mark.parametrize("claim, supported", [
    ("DeepSeek-V3 supports a context length of 128K.", True),
    ("DeepSeek-V3 uses 671B total parameters.", True),
    ("DeepSeek-V3 activates 37B parameters.", True),
    ("DeepSeek-V3 has 37B total parameters.", False),  # the number of another column
    ("DeepSeek-V3 supports a context length of 37B.", False),
    ("DeepSeek-V3 does not support a context length of 128K.", False),  # the verb is not dropped when negated
    ("DeepSeek-V3 was trained on 128K tokens.", False),  # an event no column states
])
def test_a_table_row_is_read_one_cell_at_a_time(claim, supported):
    [v] = check(claim, {1: ROWS})
    assert v.supported == supported, v


def test_a_number_keeps_the_modifier_of_what_it_measures():
    prose = "DeepSeek-V3 is a language model with 671B total parameters with 37B activated for each token."
    assert check("DeepSeek-V3 has 671B total parameters.", {1: prose})[0].supported
    assert not check("DeepSeek-V3 has 37B total parameters.", {1: prose})[0].supported



def test_a_word_of_the_same_frequent_sense_is_the_sources_word_and_an_antonym_is_not():
    # WordNet synonyms among each word's frequent senses ("founded" / "established"); WordNet
    # lists no antonym as a synonym, so a rise is never a fall.
    assert verdict("DeepSeek was officially founded in 2023.").supported
    assert not verdict("DeepSeek was officially founded in 2016.").supported
    prose = {1: "The company's revenue rose by 12% in 2021, while its costs fell."}
    assert not check("The company's revenue fell by 12% in 2021.", prose)[0].supported
    # A verb with its particle is one word ("go up" is listed with "rise"); "went down" is not.
    assert check("The company's revenue went up by 12% in 2021.", prose)[0].supported
    assert not check("The company's revenue went down by 12% in 2021.", prose)[0].supported
    went_up = {1: "The company's revenue went up by 12% in 2021."}
    assert not check("The company's revenue went down by 12% in 2021.", went_up)[0].supported


def test_the_source_saying_it_of_a_kind_of_the_claims_thing_supports_it_one_way_only():
    # WordNet's "is a kind of", two steps up: a rise is an increase, an employee a worker. A
    # claim may be more general than its source, never more specific.
    prose = {1: "The company's revenue rose by 12% in 2021, while its costs fell."}
    assert check("The company's revenue increased by 12% in 2021.", prose)[0].supported
    assert not check("The company's revenue decreased by 12% in 2021.", prose)[0].supported
    assert check("The startup hired 40 workers in 2022.", {1: "The startup hired 40 employees in 2022."})[0].supported
    assert not check("The startup hired 40 employees in 2022.", {1: "The startup hired 40 workers in 2022."})[0].supported
    # Only as the same part of speech: "narrow" (a noun too, a strait) is no "standard".
    assert not check("Mail Rail is a standard gauge railway.", MAIL_RAIL)[0].supported


def test_a_reflexive_complement_is_said_of_the_subject_of_the_verb_it_hangs_on():
    source = {1: "DeepSeek's arrival has been so disruptive that major tech companies find themselves "
                 "scrambling to analyze and emulate its techniques."}
    assert check("Major tech companies are scrambling to analyze and emulate its techniques.", source)[0].supported
    assert not check("DeepSeek is scrambling to analyze and emulate its techniques.", source)[0].supported
    assert not check("Major tech companies are not scrambling to emulate its techniques.", source)[0].supported
    # A verb whose complement did happen ("managed to") does not govern it; "sought to" does.
    managed = {1: "The team managed to build the bridge in 1898."}
    assert check("The team built the bridge in 1898.", managed)[0].supported
    assert not check("The team built the bridge in 1898.", {1: "The team sought to build the bridge in 1898."})[0].supported


def test_an_identity_may_be_stated_either_way_round():
    # "Meta, Facebook's parent company, ..." states who Facebook's parent company is.
    assert verdict("Facebook's parent company is Meta.").supported
    assert verdict("Meta is Facebook's parent company.").supported
    assert not verdict("Facebook's parent company is Google.").supported
    assert not verdict("Nvidia's parent company is Meta.").supported
    assert not verdict("Facebook's parent company is not Meta.").supported
    # Both sides in one sentence are no identity: the source must link them directly.
    assert not verdict("DeepSeek is the parent company of Meta.").supported
    assert not verdict("The parent company of Meta is DeepSeek.").supported
    assert verdict("Meta is the parent company of Facebook.").supported


MAIL_RAIL = {
    1: "The POST OFFICE RAILWAY, known as MAIL RAIL since 1987, is a narrow gauge, driverless underground "
       "railway in London that was built by the Post Office with assistance from the Underground Electric "
       "Railways Company of London, to move mail between sorting offices.",
    2: "The Chicago Tunnel Company inspired the design.",
}


def test_a_name_the_source_declares_another_names_alias_stands_for_it():
    assert check("Mail Rail was built by the Post Office.", MAIL_RAIL)[0].supported
    assert check("The Post Office Railway was built to move mail between sorting offices.", MAIL_RAIL)[0].supported
    # The alias carries no other fact: who built it, and what the source says it is, still bind.
    assert not check("Mail Rail was built by the Chicago Tunnel Company.", MAIL_RAIL)[0].supported
    assert not check("Mail Rail is a standard gauge railway.", MAIL_RAIL)[0].supported


def test_a_relative_clause_on_what_the_subject_is_says_it_of_the_subject():
    # "X is a railway that was built by Y": X was built by Y, and Y did not build the company
    # that only assisted.
    assert check("The Post Office built the Post Office Railway.", MAIL_RAIL)[0].supported
    assert not check("The Post Office built the Underground Electric Railways Company of London.",
                     MAIL_RAIL)[0].supported


def test_a_verb_saying_its_complement_did_not_happen_is_a_negation():
    prose = {1: "Nevertheless, it is crucial that we refrain from hastily declaring a complete technological "
                "ascendance of China over the U.S.",
             2: "The union failed to reach an agreement with the company."}
    v = check("We hastily declare a complete technological ascendance of China over the U.S.", prose)[0]
    assert not v.supported and "refrain ... declaring" in v.reason
    assert check("We must not hastily declare a complete technological ascendance of China over the U.S.",
                 prose)[0].supported
    assert not check("The union reached an agreement with the company.", prose)[0].supported
    assert check("The union did not reach an agreement with the company.", prose)[0].supported


def test_a_verb_coordinated_with_another_is_not_governed_by_it():
    # "could influence X and even impact Y": "impact" is said, not governed by "influence".
    assert verdict("Deutsche Bank warned that these changes could impact the course of the American economy.").supported


def test_an_active_claim_is_read_against_a_passive_source():
    # "X was built by Y" says Y built X, and nothing of what else Y built or who else built X.
    assert check("The Post Office built the railway.", MAIL_RAIL)[0].supported
    assert not check("The Post Office built the sorting offices.", MAIL_RAIL)[0].supported
    assert not check("London built the railway.", MAIL_RAIL)[0].supported
    # A passive with no agent does not say who did it.
    v = check("The railway carried letters from February 1928.", {1: "Letters were carried from February 1928."})[0]
    assert not v.supported and "who" in v.reason


def test_a_shown_subtraction_of_years_is_checked():
    passage = {1: "A pneumatic railway was used by the Post Office between 1863 and 1874.", 2: "It closed in 2003."}
    [v] = check("1874 − 1863 = 11 years [1].", passage)
    assert v.supported and v.cites == (1,)
    assert not check("1874 − 1863 = 12 years [1].", passage)[0].supported  # wrong arithmetic
    assert not check("2003 − 1863 = 140 years [1].", passage)[0].supported  # years of two passages
    counts = {1: "The seating capacity was increased from 1,550 to 1,700.", 2: "It has 86 pews."}
    assert check("1,700 − 1,550 = 150 [1].", counts)[0].supported
    assert not check("1,700 − 1,550 = 250 [1].", counts)[0].supported
    assert not check("1,700 − 86 = 1,614 [1].", counts)[0].supported  # numbers of two passages
    assert not check("1,700 − 550 = 1,150 [1].", counts)[0].supported  # "550" is part of "1,550"
    # A year before a comma is still that year.
    assert check("2023 − 2016 = 7 years [1].", {1: "It was founded in 2023, while its parent has existed since 2016, "
                                                   "before others."})[0].supported


def test_a_noun_the_source_qualifies_otherwise_is_another_thing():
    # Found on a held-out Wikipedia article (Perley Bridge): both were shown as grounded.
    failed = {1: "On March 4, 1973, a corner of one of the south trestle spans failed, dropping the roadway "
                 "several inches."}
    assert not check("The north trestle spans failed on March 4, 1973.", failed)[0].supported
    assert not check("A corner of one of the north trestle spans failed on March 4, 1973.", failed)[0].supported
    assert check("A corner of one of the south trestle spans failed on March 4, 1973.", failed)[0].supported
    # The claim's subject only modifies the source's: the lighting was upgraded, not the bridge.
    lit = {1: "The bridge lighting was upgraded in 1965 with 250-watt mercury lamps."}
    assert not check("The bridge was raised by 250-watt mercury lamps.", lit)[0].supported
    assert not check("The bridge was upgraded in 1965.", lit)[0].supported
    assert check("The bridge lighting was upgraded in 1965.", lit)[0].supported


def test_a_name_with_a_title_and_initials_and_a_short_month_bind_as_one_sentence():
    source = {1: "In April 1847 forty teamsters under Capt. Daniel P. Mann, a master teamster, began construction "
                 "of the post. On Nov. 19, 1847, a group of Pawnees were camped about one-fourth of a mile from the fort."}
    claims = ["Forty teamsters under Capt. Daniel P. Mann began construction of the post in April 1847 [1].",
              "On November 19, 1847, a group of Pawnees were camped near the fort [1]."]
    for claim in claims:
        verdicts = check(claim, source)
        assert len(verdicts) == 1 and verdicts[0].supported, verdicts
    assert not check("Forty teamsters under Capt. Daniel P. Mann began construction of the post in May 1847 [1].",
                     source)[0].supported


def test_a_name_is_said_of_the_word_its_preposition_attaches_to():
    # Found on Wikipedia's "Foxit Software": "Yes, Foxit is headquartered in Berlin." was shown as grounded.
    hq = {1: "It is a multinational software technology corporation headquartered in Fremont, California, "
             "with offices in Berlin, Beijing, Fuzhou, South Yarra, Australia and other locations."}
    for wrong in ("It is headquartered in Berlin.", "It is headquartered in Beijing.", "It has offices in Fremont."):
        verdict = check(wrong, hq)[0]
        assert not verdict.supported, wrong
        assert "headquartered in" in verdict.reason or "offices in" in verdict.reason, verdict.reason
    for right in ("It is headquartered in Fremont.", "It is headquartered in California.",
                  "It has offices in Beijing.", "It has offices in Berlin and Fuzhou."):
        assert check(right, hq)[0].supported, right


def test_one_source_word_says_one_claim_word():
    # KEP-2572: "graduate" is a kind of "change" in WordNet, and had stood for both words of
    # "this KEP changes how enhancements get graduated" ("Yes" was shown for it).
    kep = {1: "This KEP will not change the way that enhancements are being graduated. It's the responsibility "
              "of SIGs to keep track of their enhancements and graduate them in the provided constraints of "
              "SIG Architecture."}
    verdicts = check("Yes, this KEP changes how enhancements get graduated.", kep,
                     "Does this KEP change how enhancements get graduated?")
    assert not verdicts[0].supported or not verdicts[0].text.startswith("Yes"), verdicts[0]
    assert check("SIGs graduate their enhancements.", kep)[0].supported


def test_a_question_the_source_asks_supports_nothing():
    """The article asks "Were they misled by Nvidia's inflated prices?" and never answers it:
    "Yes" to "were they misled by Nvidia?" had been shown on the strength of that question."""
    passage = next(p for p in PARAGRAPHS.values() if "misled by Nvidia" in p)
    v = best_support("They were misled by Nvidia's inflated prices.", passage)
    assert not v.supported
    [v] = check("Yes, they were misled by Nvidia [1].", PARAGRAPHS, "Were they misled by Nvidia?")
    assert not v.supported
    # The same words stated by the source are support.
    assert best_support("They were misled by Nvidia's inflated prices.", "They were misled by Nvidia's inflated prices.").supported


def test_a_noun_given_to_another_owner_is_not_supported():
    """"DeepSeek's parent company is Meta" is not said by "Employees at Meta, Facebook's parent
    company, ... replicate DeepSeek's model", though every word is there."""
    v = verdict("DeepSeek's parent company is Meta.")
    assert not v.supported
    assert verdict("Meta is Facebook's parent company.").supported


def test_a_word_is_the_same_word_however_the_tagger_lemmatised_it():
    """The tagger reads "data" as "datum" in the source and as "data" in the claim: the same
    written word. The claim was refused outright ("the source says 'data centers', not 'data
    centers'"); its one word the source does not use ("question" for "grappling with") is for
    the judge to weigh."""
    claim = "Tech leaders question their investments in costly graphics cards and data centers."
    [yes] = check_with(claim, PARAGRAPHS, "", judge=lambda claim, source: True)
    assert yes.supported and yes.cites == (8,), yes.reason
    [no] = check_with(claim, PARAGRAPHS, "", judge=lambda claim, source: False)
    assert not no.supported and "question" in no.reason


def test_a_light_verb_with_its_preposition_is_a_predicate_the_source_must_state():
    """"DeepSeek was originally going for low-cost AI tools" says what DeepSeek aimed at; a
    sentence that only mentions low-cost AI tools does not say it. ("go" alone says nothing; "go
    for" does.) A light verb with a particle the source states still holds."""
    v = verdict("DeepSeek was originally going for low-cost AI tools.")
    assert not v.supported
    assert "go" in v.reason
    assert verdict("Nvidia's market capitalization went down by 17%.").supported


def test_an_acronym_is_the_name_it_stands_for_where_the_source_spells_it_out():
    """"the PSF" where the source says "the Python Software Foundation": the same name (its
    capitals are the name's initials). An acronym whose letters spell no name there is still
    missing, and what the claim says of it is still checked."""
    source = ("It is not the policy of the Python Software Foundation nor the Package Index maintainers "
              "to pre-screen uploaded packages for any type of intellectual property infringement.")
    v = best_support("The PSF does not pre-screen uploaded packages.", source)
    assert v.supported, v.reason
    other = "It is not the policy of the Python Package Index to pre-screen uploaded packages."
    assert not best_support("The PSF does not pre-screen uploaded packages.", other).supported
    missing = best_support("The PSA does not pre-screen uploaded packages.", source)
    assert not missing.supported and "PSA" in missing.reason


def test_an_address_is_a_name_the_answer_gives():
    """"reported to legal@python.org" gives where to report, something the question did not
    say; another address is not the source's."""
    source = ("Possibly-infringing packages should be reported to legal@python.org and counsel to the "
              "Python Software Foundation will determine an appropriate response.")
    q = "Where should possibly-infringing packages be reported to?"
    [v] = check_with("Possibly-infringing packages should be reported to legal@python.org.", {1: source}, q)
    assert v.supported, v.reason
    [w] = check_with("Possibly-infringing packages should be reported to abuse@python.org.", {1: source}, q)
    assert not w.supported and "abuse@python.org" in w.reason


def test_a_numbered_list_s_item_numbers_count_nothing():
    """"follow these steps: 1. Try to contact the owner": the "1" numbers a step; a draft that
    lists the steps is not refused for a number the source does not give. A number a sentence
    does give is still read."""
    assert numbers("If you want to take over a name, these are the steps to follow:\n\n1. Try to contact "
                   "the current owner directly.") == set()
    assert numbers("To request a name, follow these steps:  1. Try to contact the owner.") == set()
    assert sentences("To request a name, follow these steps:  1. Try to contact the owner. 2. Check the "
                     "criteria.") == ["To request a name, follow these steps:", "1. Try to contact the owner.",
                                      "2. Check the criteria."]
    assert numbers("Nvidia fell 17. Then it rose by 3.") == {("n", 17.0), ("n", 3.0)}


def test_a_claim_read_as_one_noun_phrase_still_has_a_polarity():
    """"The PSF pre-screens uploaded packages" is parsed as one noun phrase ("pre - screens" as
    modifiers of "packages"), with no verb to compare; the source says it is not the policy to
    pre-screen. The claim had been accepted, and a "No" draft then turned into "Yes: <that
    sentence>". Its words, negated in the source and not in the claim, refuse it."""
    source = ("It is not the policy of the Python Software Foundation nor the Package Index maintainers "
              "to pre-screen uploaded packages for any type of intellectual property infringement.")
    for claim in ("The PSF pre-screens uploaded packages.", "The Package Index maintainers pre-screen uploaded packages."):
        v = best_support(claim, source)
        assert not v.supported and v.contradicts, (claim, v.reason)
    assert best_support("The Package Index maintainers do not pre-screen uploaded packages.", source).supported


GO_PROPOSALS = (ROOT / "tests" / "data" / "docs" / "outside17.md").read_text(encoding="utf-8")


def _go_section(first: str, last: str) -> str:
    """The stretch of the Go proposal-process README from the line starting `first` to the one starting `last`."""
    lines = GO_PROPOSALS.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(first))
    end = next(i for i, x in enumerate(lines) if i > start and x.startswith(last))
    return "\n".join(lines[start : end + 1])


def test_a_verb_is_no_name_spelled_alike():
    """"must go through the proposal process" over a list of changes "typically not in scope for
    the proposal process": the verb "go" had matched "the Go project" in the next item, and the
    draft "Yes, ..." was shown. A verb and a name spelled alike are different words."""
    passage = _go_section("There is a short list", "- Adding new C-equivalent")
    [v] = check_with("Yes, API changes in internal packages must go through the proposal process.", {1: passage},
                     "do API changes in internal packages have to go through the proposal process?")
    assert not v.supported
    [v] = check_with("No, API changes in internal packages are typically not in scope for the proposal process.",
                     {1: passage}, "do API changes in internal packages have to go through the proposal process?")
    assert v.supported


def test_a_comparison_in_another_word_is_no_contradiction_and_one_the_other_way_is():
    """"pushed DeepSeek to innovate more" over "propelled DeepSeek to innovate further ... even
    greater dividends": not said in those words, but not contradicted either. It had been read as
    a contradiction, and the bot answered "No: <an unrelated sentence>"."""
    v = verdict("US chip sanctions pushed DeepSeek to innovate more.")
    assert not v.supported
    assert not any(best_support("US chip sanctions pushed DeepSeek to innovate more.", p).contradicts
                   for p in PARAGRAPHS.values())
    v = best_support("The new engine runs faster than the old one.", "The new engine runs slower than the old one.")
    assert not v.supported and v.contradicts


def test_what_the_article_cites_is_checked_and_shown_as_said():
    """"The article cites a $36 trillion national debt figure": a frame of telling ("cites",
    like "states that") before a noun phrase. What follows it is the claim; the sentence is
    shown as drafted. A figure it does not give is still refused."""
    [v] = check("The article cites a staggering $36 trillion national debt figure [22].", PARAGRAPHS,
                "what's the US national debt figure the article cites?")
    assert v.supported and v.text.startswith("The article cites")
    [v] = check("The article cites a $42 trillion national debt figure.", PARAGRAPHS)
    assert not v.supported


def test_a_comparison_made_the_same_way_in_another_word_is_made():
    assert best_support("The team will innovate more.", "The team will innovate further.").supported
    assert not best_support("The team will innovate less.", "The team will innovate further.").supported


def test_an_event_the_source_states_as_a_noun_under_another_verb_is_left_to_the_judge():
    """"Google and Microsoft lost market value" over "Google and Microsoft also faced substantial
    losses": the verb over the noun may say the event happened ("faced", "suffered") or not
    ("feared", "predicted"). Words alone refused it for good; now the judge decides."""
    claim = "Google and Microsoft lost market value."
    v = verdict(claim)
    assert not v.supported
    assert any(best_support(claim, p).uncertain for p in PARAGRAPHS.values())
    [v] = check_with(claim, PARAGRAPHS, judge=lambda claim, sentence: "faced substantial losses" in sentence)
    assert v.supported and "faced substantial losses" in v.evidence
    [v] = check_with(claim, PARAGRAPHS, judge=lambda claim, sentence: False)
    assert not v.supported


class YesJudge:
    """A judge that accepts every claim it is asked about, and records them."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, claim: str, sentence: str) -> bool:
        self.asked.append(claim)
        return True


def test_an_event_in_other_words_over_what_the_source_only_supposes_is_refused_without_the_judge():
    """From RFC 2789: "What server-side dependency resolution service does the sparse index
    proposal introduce?" (a false premise) drafted "The sparse index proposal introduces a web API
    ..." over "An obvious alternative would be to create a web API ...", and the judge accepted
    it. A claim stating, in words the source does not use, what the source only says would be so
    has two doubts at once: refused, with no judge asked."""
    source = {1: "An obvious alternative would be to create a web API that can be asked to perform dependency "
                 "resolution server-side (i.e. take a list dependencies and return a lockfile or similar)."}
    judge = YesJudge()
    [v] = check_with("The sparse index proposal introduces a web API that can be asked to perform dependency "
                     "resolution server-side.", source, judge=judge)
    assert not v.supported and "would" in v.reason and not judge.asked
    # Said as the source says it, with its "would", it holds.
    [v] = check_with("An obvious alternative would be to create a web API.", source)
    assert v.supported


def test_a_noun_owned_by_one_name_is_not_another_names():
    """"deepseek employees?" had been answered, over the model's decline, with "Employees at
    Meta ... are working around the clock to replicate DeepSeek's model": a name owns a noun it
    stands before ("DeepSeek employees") or that is "of" or "at" it, as it owns "DeepSeek's" one."""
    meta = {n: p for n, p in PARAGRAPHS.items() if "Employees at Meta" in p}
    assert meta
    for q in ("DeepSeek employees?", "employees of DeepSeek?", "DeepSeek's employees?"):
        assert quote(ask_of(q), meta, min_coverage=1.0) is None, q
    assert quote(ask_of("Meta employees?"), meta, min_coverage=1.0) is not None
    assert not verdict("DeepSeek employees are working around the clock to replicate the model.").supported
    # A name of several words may be written another way ("Fed" for "Federal Reserve").
    assert verdict("Deutsche Bank warned that these changes could influence Fed policy.").supported


def test_a_markdown_heading_and_each_list_item_are_sentences_of_their_own():
    """The Go proposal README's "### Definitions" and its two items had been one sentence (no
    capital after "label."), and it was quoted whole for "my idea got the green light - what
    becomes of the github ticket now?". A heading, each item and each paragraph are read apart;
    a list introduced by a colon stays with its introduction, which it completes."""
    text = ("### Definitions\n\n- A **proposal** is a suggestion filed as a GitHub issue.\n"
            "- A **design doc** is the expanded form of a proposal.\n\nSome text\nwrapped here. And more.\n"
            "## Scope\nThere is a short list of changes not in scope:\n\n- Making API changes in internal packages.\n"
            "- Adding new C-equivalent constants.")
    assert sentences(text) == [
        "### Definitions",
        "- A **proposal** is a suggestion filed as a GitHub issue.",
        "- A **design doc** is the expanded form of a proposal.",
        "Some text\nwrapped here.", "And more.",
        "## Scope",
        "There is a short list of changes not in scope:\n\n- Making API changes in internal packages.\n"
        "- Adding new C-equivalent constants.",
    ]


def test_a_new_noun_over_the_source_s_subject_is_not_left_to_the_judge():
    """"list the goals of the proposal process" drafted "The goals of the proposal process are to
    review a proposal and reach a decision ...", over "The proposal process is the process for
    reviewing a proposal and reaching a decision ...", and the judge accepted it (0.80). A subject
    in the question's words may be a paraphrase of the source's ("work on" for "construction of"),
    but not one that puts a noun over the source's subject: that speaks of something else."""
    source = {1: "The proposal process is the process for reviewing a proposal and reaching a decision about "
                 "whether to accept or decline the proposal."}
    judge = YesJudge()
    [v] = check_with("The goals of the proposal process are to review a proposal and reach a decision about whether "
                     "to accept or decline the proposal.", source, "list the goals of the proposal process",
                     judge=judge)
    assert not v.supported and not judge.asked
    [v] = check_with("The proposal process reviews a proposal and reaches a decision.", source)
    assert v.supported


def test_a_relative_pronoun_stands_for_no_name_of_the_sentence_before():
    """article_fresh20: "The combined market capitalization decline of Nvidia and Google was $762.4
    billion" had been supported by "Other tech giants like Google and Microsoft also faced ...
    a combined market capitalization decline of $762.4 billion, which equates to ...": its
    "which" was read as a pronoun that may stand for Nvidia, named in the sentence before."""
    assert not verdict("The combined market capitalization decline of Nvidia and Google was $762.4 billion.").supported
    assert verdict("The combined market capitalization decline of Google and Microsoft was $762.4 billion.").supported


def test_a_verb_taken_from_another_sentence_is_no_paraphrase_for_the_judge():
    """article_fresh20: "Why did DeepSeek charge so much for access to its models?" drafted
    "DeepSeek charges a low cost of just $6 million for access to its technology", and the judge
    accepted it over the sentence on its $6 million cost. The charging is another paragraph's
    ("firms ... rely on charging users for model access"): a moved event, not other words."""
    judge = YesJudge()
    [v] = check_with("DeepSeek charges a low cost of just $6 million for access to its technology.", PARAGRAPHS,
                     judge=judge)
    assert not v.supported and not judge.asked
    # A verb no other sentence uses is still the judge's to weigh ("spent" for "at a cost of"),
    # and so is one another sentence says of the same subject: "how did DeepSeek achieve these
    # groundbreaking results?" frames the draft's answer, read from "It employs ...".
    [v] = check_with("DeepSeek spent just $6 million.", PARAGRAPHS, judge=judge)
    assert v.supported and judge.asked == ["DeepSeek spent just $6 million."]
    framed = ("DeepSeek achieves strong results without the huge compute budgets its American rivals depend on by "
              "employing decentralized, high-efficiency algorithms to classify and analyze network data.")
    [v] = check_with(framed, PARAGRAPHS, judge=judge)
    assert v.supported and judge.asked[-1] == framed
    # A verb alone, used elsewhere of another subject ("U.S. strategies ... are struggling to
    # maintain hegemony"), may be the draft's own word for what its evidence says.
    kept = ("The dollar's standing has been maintained by technological preeminence, which has been vital to the "
            "dollar's position.")
    [v] = check_with(kept, PARAGRAPHS, judge=judge)
    assert v.supported and judge.asked[-1] == kept


def test_a_name_is_bound_where_the_source_names_it_not_where_a_pronoun_may_stand_for_it():
    """article_fresh20: "Which bank warned that this could affect Fed policy?" drafted "Deutsche
    Bank", and was declined: the bare name was bound to "The repercussions of DeepSeek's
    innovations extend ...", whose "The" may point back, rather than to the clause naming the
    bank (the first of two equally good clauses won), so the Fed was not found beside it."""
    sentence = ("The repercussions of DeepSeek's innovations extend beyond tech markets; financial institutions "
                "like Deutsche Bank have warned that these changes could influence Federal Reserve policy.")
    bound = best_support("Deutsche Bank", sentence).bound
    assert {"deutsche", "warn", "federal"} <= bound
    assert answers(ask_of("Which bank warned that this could affect Fed policy?"), "Deutsche Bank", bound) is None


def test_a_name_may_stand_in_the_circumstance_its_clause_states_not_in_a_contrast():
    """"Former President Donald Trump ... is also feeling the pressure as DeepSeek's low-cost and
    efficient model undercuts his plans": the pressure is from DeepSeek, said in the clause's
    circumstance ("as ..."). A contrast ("while competing models might require thousands of
    images ..., DeepSeek can achieve ... with just a few hundred") is another subject's event."""
    assert verdict("Former President Donald Trump is feeling the pressure from DeepSeek.").supported
    assert not verdict("DeepSeek might require thousands of images of a tiger to learn recognition.").supported


def test_a_description_owning_the_subject_stands_for_the_name_before_it():
    """conversations19: "Is DeepSeek's success something others can repeat?" drafted "DeepSeek's
    success can be replicated", over "The company's success is replicable ...", the sentence
    after one about DeepSeek. "The company" owns the subject, and stands for DeepSeek as "the
    company" as the subject would (it had held only through a relative "that", no longer read as
    a pronoun that may stand for a name before it)."""
    assert verdict("DeepSeek's success can be replicated.").supported
    assert not verdict("Nvidia's success can be replicated.").supported


DEPOT = ("It did not at the time need depot facilities, because the service was worked by the Metropolitan "
         "Railway, using their own stock, who received 55 per cent of the receipts.")


def test_who_stands_for_a_person_or_group_not_for_the_thing_the_parser_hangs_it_on():
    """outside21 (Wikipedia, "Lillie Bridge Depot"): "What share of the takings did the Metropolitan
    Railway get?" drafted "The Metropolitan Railway received 55% of the receipts", refused as
    "said of their own stock": the parser hung "who received" on "stock", a thing. "Who" stands
    for a person or a group; the verb above the noun a relative clause describes ("using") does
    not govern that clause either."""
    assert check_with("The Metropolitan Railway received 55% of the receipts.", {1: DEPOT})[0].supported
    [v] = check_with("The stock received 55 per cent of the receipts.", {1: DEPOT})
    assert not v.supported and "Metropolitan Railway" in v.reason
    # A group the parser hangs "who" on keeps it.
    assert check_with("The team received the award.", {1: "The prize went to the team, who received the award."})[0].supported


def test_an_order_in_time_must_be_the_source_s():
    """"DeepSeek-R1 incorporates cold-start data after the RL stage" was accepted over "DeepSeek-R1,
    which incorporates cold-start data before RL" (a swapped order, one of issue 13's classes):
    "before" and "after" are scope words a claim's source clause must use too."""
    source = "To address these issues, we introduce DeepSeek-R1, which incorporates cold-start data before RL."
    assert not check_with("DeepSeek-R1 incorporates cold-start data after the RL stage.", {1: source})[0].supported
    assert check_with("DeepSeek-R1 incorporates cold-start data before RL.", {1: source})[0].supported
    # "following" is "after": "In the years following World War II, the U.S. solidified ...".
    assert verdict("After World War II, the U.S. solidified its global dominance through the aviation, automotive, "
                   "and shipbuilding industries.").supported


def test_a_yes_or_no_is_judged_against_one_sentence_not_every_passage():
    """outside20: a bare "Yes." to "did any of the scheduled musicians survive" asked the judge of
    every shown passage in turn, 24 calls at more than a second each. The judge now reads the one
    sentence that comes nearest to the question's statement."""
    passages = {n: f"The building was constructed in 19{n}0, and was once part of a milk bottling plant."
                for n in range(1, 9)}
    passages[9] = "Of the five musicians scheduled to perform at the concert, two were confirmed to have escaped the fire."
    asked = []
    check_with("Yes.", passages, "Did any of the scheduled musicians survive?",
               judge=lambda claim, sentence: asked.append(sentence) or False)
    assert asked == [passages[9]]
