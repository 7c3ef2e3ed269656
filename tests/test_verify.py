from bot.verify import check, evidence, is_decline, numbers, split_sentences, support, terms

P_COST = (
    "In stark contrast, DeepSeek has managed to achieve similar, if not better, outcomes with a "
    "team of fewer than 150 employees at a remarkably low cost of just $6 million."
)
P_NVIDIA = (
    "Nvidia saw its market capitalization plummet by 17% overnight, translating to a loss of "
    "$589 billion."
)
SHOWN = {4: P_COST, 2: P_NVIDIA}


def test_numbers_are_normalised_across_wordings():
    assert numbers("$6 million") == numbers("6 million dollars") == numbers("six million dollars")
    assert numbers("17%") == numbers("17 percent") == {("%", 17.0)}
    assert numbers("$5.5 trillion") == numbers("5.5 trillion RMB") == {("n", 5.5e12)}
    assert numbers("a hundred billion dollars") == numbers("$100 billion")
    assert numbers("one of them") == set()
    assert numbers("$1,200") == {("n", 1200.0)}


def test_markers_stay_with_their_sentence():
    parts = split_sentences("It cost $6 million. [4] Nvidia fell 17% [2][4]. Done [Passage 3].")
    assert parts == [
        ("It cost $6 million.", (4,)),
        ("Nvidia fell 17%.", (2, 4)),
        ("Done.", (3,)),
    ]


def test_supported_sentence_keeps_its_citation():
    [s] = check("DeepSeek spent just $6 million [4].", SHOWN)
    assert s.supported and s.cites == (4,) and not s.recited


def test_wrong_citation_is_moved_to_the_passage_that_supports_it():
    [s] = check("Nvidia's market capitalization fell by 17% [4].", SHOWN)
    assert s.supported and s.cites == (2,) and s.recited


def test_missing_citation_is_added():
    [s] = check("DeepSeek has fewer than 150 employees.", SHOWN)
    assert s.supported and s.cites == (4,) and not s.recited


def test_invented_number_or_name_is_unsupported():
    [n] = check("DeepSeek spent $8 million [4].", SHOWN)
    [name] = check("DeepSeek's CEO is Liang Wenfeng [4].", SHOWN)
    assert not n.supported and not name.supported


def test_citation_to_a_passage_never_shown_is_dropped():
    [s] = check("The 2022 World Cup was won by France [10].", SHOWN)
    assert not s.supported and s.cites == ()


def test_declines_are_recognised():
    assert is_decline("The article doesn't say.")
    assert is_decline("The passages do not mention the CEO's name.")
    assert not is_decline("DeepSeek was established in 2023.")


def test_a_number_must_stand_with_the_same_noun():
    assert support(terms("DeepSeek has 150 employees."), evidence(P_COST)) == 1.0
    assert support(terms("DeepSeek's model has 150 parameters."), evidence(P_COST)) == 0.0


def test_restating_the_question_is_not_an_answer():
    q = "What is DeepSeek's latest model called?"
    [s] = check("DeepSeek's latest model is called the DeepSeek Model [4].", SHOWN, q)
    assert not s.supported
    [ok] = check("DeepSeek has fewer than 150 employees [4].", SHOWN, "How many employees does DeepSeek have?")
    assert ok.supported
