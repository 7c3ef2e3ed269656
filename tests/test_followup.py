"""Follow-ups made standalone from the conversation before them (bot/followup.py, real parser)."""

from bot.followup import resolve, standalone


def turn(q, a):
    return [{"role": "user", "content": q}, {"role": "assistant", "content": a}]


def test_pronoun_follow_up_names_the_previous_subject():
    h = turn("What is DeepSeek?", "DeepSeek is a small company from Hangzhou [1].")
    assert standalone("When was it officially established?", h) == "When was DeepSeek officially established?"
    assert standalone("Who is its CEO?", h) == "Who is DeepSeek's CEO?"
    h = turn("Which tech figure voiced apprehension?", "Mark Zuckerberg voiced his apprehension [12].")
    assert standalone("What did he advocate?", h) == "What did Mark Zuckerberg advocate?"
    h = turn("How much did Nvidia lose?", "Nvidia lost $589 billion [2].")
    assert standalone("By how much did its value fall?", h) == "By how much did Nvidia's value fall?"


def test_standalone_questions_are_left_alone():
    h = turn("What is DeepSeek?", "DeepSeek is a small company [1].")
    assert standalone("Where is Hangzhou?", h) == "Where is Hangzhou?"
    assert standalone("When was it founded?", []) == "When was it founded?"


def test_a_pronoun_whose_name_is_in_the_question_is_left_alone():
    h = turn("What is DeepSeek?", "DeepSeek is a small company [1].")
    assert standalone("Did Nvidia keep its value?", h) == "Did Nvidia keep its value?"
    assert standalone("Is it true that the firm is small?", h) == "Is it true that the firm is small?"


def test_each_pronoun_gets_a_name_of_its_kind():
    h = turn("Who founded DeepSeek?", "Liang Wenfeng founded DeepSeek [1].")
    assert standalone("When did he start it?", h) == "When did Liang Wenfeng start DeepSeek?"
    h = turn("Who praised DeepSeek?", "Mark Zuckerberg praised DeepSeek [3].")
    assert standalone("What did it release?", h) == "What did DeepSeek release?"


def test_a_chain_of_follow_ups_keeps_its_subject():
    h = turn("When was DeepSeek established?", "DeepSeek was officially established in 2023 [1].") + turn(
        "How many employees does it have?", "It has fewer than 150 employees [4].")
    r = resolve("And what did it spend on training?", h)
    assert r.question == "What did DeepSeek spend on training?"
    assert r.previous == "How many employees does DeepSeek have?"


def test_a_demonstrative_takes_the_earlier_phrase():
    h = turn("What happened to Nvidia's market capitalization?", "It plummeted by 17% [2].")
    assert standalone("Why did that capitalization fall?", h) == "Why did Nvidia's market capitalization fall?"
    h = turn("What did DeepSeek do?", "It open-sourced its code [2].")
    assert standalone("What effect does that openness have?", h) == "What effect does that openness have?"


def test_they_may_stand_for_a_group_or_be_bound_in_the_question():
    h = turn("How are American tech leaders taking all this?", "They are worried [8].")
    assert standalone("What are they second-guessing?", h) == "What are American tech leaders second-guessing?"
    h = turn("Did DeepSeek keep its technology proprietary?", "No, it open-sourced it [3].")
    assert standalone("What exactly did they make public?", h) == "What exactly did DeepSeek make public?"
    q = "How do big AI firms usually make back what they invested?"
    assert standalone(q, h) == q


def test_a_topic_set_out_in_the_question_keeps_its_pronoun():
    h = turn("Who is Donald Trump?", "Donald Trump is a former president [13].")
    q = "Going back to the dollar: besides military might, what else has propped it up?"
    assert standalone(q, h) == "The dollar: besides military might, what else has propped it up?"


def test_a_name_used_as_a_modifier_is_not_what_it_stands_for():
    h = turn("What effect does that transparency have?", "This level of transparency democratizes AI services [5].")
    assert standalone("Whose barriers does it dismantle?", h) == "Whose barriers does it dismantle?"


def test_an_ellipsis_is_left_as_typed_for_the_model_to_read_with_the_conversation():
    h = turn("How much market value did Nvidia lose?", "Nvidia lost $589 billion [2].")
    assert standalone("And Google and Microsoft?", h) == "And Google and Microsoft?"


def test_a_pronoun_is_not_the_thing_asked_for_nor_its_own_clause_subject():
    """"Which city is it from?": "city" is what is asked, "it" the company before; a subject
    never stands for a non-possessive pronoun of its own verb ("Did Nvidia lose it?")."""
    h = turn("When was DeepSeek officially established?", "DeepSeek was officially established in 2023 [14].")
    assert standalone("Which city is it from?", h) == "Which city is DeepSeek from?"
    assert standalone("Which year was it founded?", h) == "Which year was DeepSeek founded?"
    h = turn("What did DeepSeek release?", "DeepSeek released its R1 model [3].")
    assert standalone("Did Nvidia copy it?", h) == "Did Nvidia copy DeepSeek?"
    assert standalone("Did Nvidia keep its value?", h) == "Did Nvidia keep its value?"


def test_a_pronoun_after_an_exchange_naming_nothing_stands_for_the_topic_before_it():
    h = turn("How did DeepSeek do so much with so little?", "DeepSeek employs high-efficiency algorithms [5].") + turn(
        "Is there a concrete example?", "Competing models need thousands of images of a tiger [6].")
    assert standalone("What GPUs did it train on?", h) == "What GPUs did DeepSeek train on?"
    # A name in the previous exchange still comes first.
    h += turn("How much did Nvidia lose?", "Nvidia lost $589 billion [2].")
    assert standalone("What does it make?", h) == "What does Nvidia make?"


def test_a_question_that_leans_on_the_conversation_is_told_apart():
    from bot.followup import unresolved

    for q in ("When was that?", "What led to that?", "What GPUs did it train on?", "Which company owns it?"):
        assert unresolved(q), q
    for q in ("Is it true that DeepSeek is from Hangzhou?", "Did DeepSeek keep its code?",
              "How do big AI firms make back what they invested?", "What GPUs did DeepSeek train on?"):
        assert not unresolved(q), q


def test_the_conversational_frame_is_not_part_of_the_question():
    """"OK" was read as a name no source mentions, and the question declined unanswered."""
    from bot.followup import core

    assert core("OK, and where is DeepSeek from?") == "Where is DeepSeek from?"
    assert core("Great, thanks. What did Meta do?") == "What did Meta do?"
    assert core("Hm. How is Meta related to Facebook?") == "How is Meta related to Facebook?"
    assert core("So how do its free offerings affect rivals?") == "How do its free offerings affect rivals?"
    assert core("Can you tell me when DeepSeek was founded?") == "When DeepSeek was founded?"
    # What names or bounds something stays: a topic, a scope, an ellipsis, a statement to confirm.
    for q in ("At most, by what percentage does the run time grow?", "Nvidia, what did it make?",
              "In 2023, what happened?", "And Google and Microsoft?", "DeepSeek is from Hangzhou. Is that right?"):
        assert core(q) == q
    assert standalone("OK, and where is it from?", turn("What is DeepSeek?", "DeepSeek is a company [1].")) == (
        "Where is DeepSeek from?")


def test_a_bare_that_stands_for_what_the_previous_answer_said():
    """"When was that?" named nothing a source sentence could be bound to, and was declined
    though the same question with its subject spelled out was answered."""
    from bot.followup import unresolved
    from bot.question import ask_of

    h = turn("Which companies became leaders thanks to internet technology?",
             "Microsoft, Google, and Apple became leaders thanks to internet technology [20].")
    q = standalone("When was that?", h)
    assert q == "When was that (Microsoft, Google, and Apple became leaders thanks to internet technology)?"
    assert not unresolved(q)
    ask = ask_of(q)
    assert ask.wants == "date" and {"microsoft", "google", "apple"} <= ask.names
    h = turn("Has DeepSeek open-sourced its technology?",
             "Yes. DeepSeek has taken the unprecedented step of open-sourcing its technology [9].")
    assert standalone("How much is that in dollars?", h) == (
        "How much is that (DeepSeek has taken the unprecedented step of open-sourcing its technology) in dollars?")
    # With no answer before it (a decline is left out of the history), it stays unresolved.
    q = standalone("When was that?", [{"role": "user", "content": "Who founded DeepSeek?"}])
    assert q == "When was that?" and unresolved(q)
    # "that" as a determiner or a relative pronoun is no such reference.
    h = turn("How much did Nvidia lose?", "Nvidia lost $589 billion [2].")
    assert standalone("Why did that drop happen?", h) == "Why did that drop happen?"
    assert standalone("What is the company that built DeepSeek?", h) == "What is the company that built DeepSeek?"


def test_a_move_back_to_an_earlier_topic_keeps_the_topic_not_the_move():
    """"back" and "going" were read as terms the answer must hold."""
    from bot.followup import core
    from bot.question import ask_of

    assert core("Going back to the dollar: besides military might, what else has propped it up?") == (
        "The dollar: besides military might, what else has propped it up?")
    assert core("OK, back to the debt — what's China's figure?") == "The debt — what's China's figure?"
    assert core("Going back a bit - what was DeepSeek originally aiming to do?") == (
        "What was DeepSeek originally aiming to do?")
    ask = ask_of(core("Back to the tiger thing: how many pictures does DeepSeek need?"))
    assert "tiger" in ask.content and not {"back", "go"} & (ask.content | ask.names)
    for q in ("Where is DeepSeek from?", "Back then?", "Is the backlog growing?"):
        assert core(q) == q


def test_a_bare_that_after_a_declined_question_points_at_nothing_said():
    """The declined exchange is left out of the history, so "that" had taken the answer before
    it: "What caused that?" after a declined "How big is the national debt?" was answered about
    the dollar's strength."""
    from bot.followup import unresolved
    from bot.rag import clean_history, last_unanswered

    page = turn("What does the dollar's strength stand for?", "The dollar's strength embodies American authority [19].")
    page += turn("How big is the US national debt?", "The sources don't say.")
    assert last_unanswered(page) and not last_unanswered(page[:2])
    q = resolve("What caused that?", clean_history(page), after_decline=last_unanswered(page)).question
    assert q == "What caused that?" and unresolved(q)
    q = resolve("What caused that?", clean_history(page[:2])).question
    assert q == "What caused that (The dollar's strength embodies American authority)?"


def test_a_named_topic_set_out_before_a_dash_or_colon_takes_the_place_the_question_points_at():
    """"And its parent firm — how long has that been doing AI work?": the "that" had been read
    as the previous answer, and was answered beside the question."""
    h = turn("When was DeepSeek set up?", "DeepSeek was officially established in 2023 [14].")
    assert standalone("And its parent firm — how long has that been doing AI work?", h) == (
        "How long has DeepSeek's parent firm been doing AI work?")
    assert standalone("Back to Nvidia: was DeepSeek trying to beat them?", h) == "Was DeepSeek trying to beat Nvidia?"
    # A topic that names nothing stays in front, and the pronoun takes the conversation's name.
    h = turn("What is DeepSeek?", "DeepSeek is a small company from Hangzhou [1].")
    assert standalone("The company — how well known was it before all this?", h) == (
        "The company — how well known was DeepSeek before all this?")


def test_it_is_one_thing_never_names_joined_by_and():
    h = turn("What about the other models?", "Established companies such as OpenAI and Google invest billions [4].")
    assert "OpenAI and Google" not in standalone("How many GPUs were used to train it?", h)


def test_the_it_that_tells_about_a_clause_is_the_article_unless_someone_told_something():
    h = turn("Did Silicon Valley react?", "Silicon Valley giants were dismayed [1].")
    assert standalone("Does it say the effect goes beyond the tech sector?", h) == (
        "Does the article say the effect goes beyond the tech sector?")
    assert standalone("What does it say about the gap?", h) == "What does the article say about the gap?"
    # Not a verb of telling with a clause: the pronoun names the subject as before.
    h = turn("What is DeepSeek?", "DeepSeek is a small company [1].")
    assert standalone("What exactly did it disclose publicly?", h) == "What exactly did DeepSeek disclose publicly?"
    # Someone in the previous exchange told something: "it" is them, not the article.
    h = turn("Which institution warned about DeepSeek?", "Deutsche Bank warned that these changes could influence "
             "Federal Reserve policy [18].")
    assert "article" not in standalone("What did it say could be affected?", h)



def test_a_list_of_names_is_one_referent_for_they():
    h = turn("Which firms rose in the 1990s?", "Internet technology allowed firms like Microsoft, Google, and Apple to "
             "emerge as leaders [6].")
    assert standalone("How big are they compared to countries?", h) == (
        "How big are Microsoft, Google, and Apple compared to countries?")


def test_a_name_the_previous_question_asked_for_is_a_kind_not_a_referent():
    """"what GPU did deepseek train on" then "why did they go the algorithm route": "they" had
    become "GPU", the thing the question asked for, not the company it asked about."""
    h = turn("what GPU did DeepSeek train on", "The sources don't say.")
    h[1]["content"] = "At an economical cost of only 2.664M H800 GPU hours [3]."
    assert standalone("why did they go the algorithm route in the first place", h) == (
        "why did DeepSeek go the algorithm route in the first place")


def test_the_answer_to_who_did_it_is_what_a_pronoun_stands_for_next():
    """The previous question asked for its own subject ("Which bank has warned ...?"): the
    answer's name is now the one that did it. Where the subject was not asked for ("Which city
    does DeepSeek come from?"), the subject stays the topic."""
    h = turn("Which bank has warned about DeepSeek's effects on the wider economy?",
             "Deutsche Bank has warned that these changes could influence Federal Reserve policy [18].")
    assert standalone("What did it say could be affected?", h) == "What did Deutsche Bank say could be affected?"
    h = turn("Who voiced apprehension about DeepSeek?", "Mark Zuckerberg voiced his apprehension [12].")
    assert standalone("What did he call for?", h) == "What did Mark Zuckerberg call for?"
    h = turn("Which city does DeepSeek come from?", "DeepSeek is from Hangzhou [1].")
    assert standalone("When was it founded?", h) == "When was DeepSeek founded?"
    h = turn("Which city is DeepSeek from?", "DeepSeek is a small company from Hangzhou [1].")
    assert standalone("When was it officially established?", h) == "When was DeepSeek officially established?"


def test_two_pronouns_of_one_clause_never_take_the_same_name():
    """"what did they compare it to" had become "what did DeepSeek compare DeepSeek to"."""
    h = turn("how much money got wiped out overall",
             "The sudden emergence of DeepSeek has sent shockwaves through the American stock market, "
             "resulting in a staggering $5.5 trillion evaporation of value [1].")
    assert standalone("what did they compare it to", h) == "what did they compare it to"
    h = turn("What is DeepSeek?", "DeepSeek is a small company from Hangzhou [1].")
    assert standalone("Did they keep its code secret?", h) == "Did DeepSeek keep DeepSeek's code secret?"


def test_a_topic_set_out_before_a_dash_counts_in_a_question_typed_without_its_question_mark():
    h = turn("what are the US tech leaders worried about", "The sources don't say.")
    assert standalone("back to nvidia - what are their chips known for", h) == "What are Nvidia's chips known for"
    # Not a question after the dash: left as typed.
    assert standalone("Nvidia - the chip maker", h) == "Nvidia - the chip maker"


def test_what_a_request_asks_for_is_not_what_a_pronoun_stands_for():
    """"give me the tldr" then "what was it compared to" had become "what was tldr compared to"."""
    h = turn("give me the tldr", "The sudden emergence of DeepSeek has sent shockwaves through the American stock "
             "market [1].")
    assert "tldr" not in standalone("what was it compared to", h)
    # A request about a name still has that name as its topic.
    h = turn("Tell me about Nvidia", "Nvidia is a chipmaker [2].")
    assert standalone("when did it lose value", h) == "when did Nvidia lose value"


def test_an_ellipsis_that_asks_nothing_of_its_own_keeps_the_question_it_elides():
    """"the parent?" after "When was DeepSeek set up?" asks for a date; read alone it asked for
    nothing, and "DeepSeek's parent company is Meta" passed as its answer."""
    h = turn("When was DeepSeek officially set up?", "DeepSeek was officially established in 2023 [14].")
    assert resolve("the parent?", h).elides == "When was DeepSeek officially set up?"
    assert resolve("and google + microsoft together", h).elides == "When was DeepSeek officially set up?"
    # Naming nothing, it is about what that question named.
    assert resolve("compared by who", h).elides == "When was DeepSeek officially set up?"
    # A chain of ellipses keeps the last question that asked for something.
    h += turn("the parent?", "Its parent company has been exploring AI since 2016 [17].")
    assert resolve("and meta?", h).elides == "When was DeepSeek officially set up?"
    # A question of its own, or an ellipsis with its own wh-word about something named, elides nothing.
    assert resolve("who founded it", h).elides == ""
    assert resolve("why the parent?", h).elides == ""
    # After a declined exchange, which the history leaves out, what it elides is not known.
    h = turn("How many engineers work on it?", "The sources don't say.")
    assert resolve("and trump?", h, after_decline=True).elides == ""


def test_an_ellipsis_that_asks_for_a_kind_of_answer_is_what_the_next_one_elides():
    """"and microsoft?" after "in dollars?" asks for Microsoft's loss in dollars: read as the
    question before ("how bad did Nvidia get hit"), it asked for no amount, and the sentence
    giving Google's and Microsoft's combined loss was quoted as Microsoft's."""
    h = turn("how bad did nvidia get hit by the deepseek thing", "Nvidia's market capitalization plummeted by 17% [2].")
    assert resolve("in dollars?", h).elides == "how bad did nvidia get hit by the deepseek thing"
    h += turn("in dollars?", "$589 billion [2].")
    assert resolve("and microsoft?", h).elides == "in dollars?"
    h = turn("What happened to Nvidia?", "Nvidia's market capitalization plummeted by 17% [2].")
    h += turn("the parent?", "The sources don't say.")
    assert resolve("and meta?", h).elides == "What happened to Nvidia?"


def test_there_is_the_place_or_the_organisation_last_named():
    """"how many people work there" after a question about DeepSeek asks about DeepSeek; after
    an answer naming a city, about that city. The "there" of "is there ..." stands for nothing."""
    h = turn("How much did DeepSeek spend to train its model?", "DeepSeek built it for $6 million [4].")
    assert standalone("and how many people work there", h) == "How many people work at DeepSeek"
    assert standalone("is there an example?", h) == "is there an example?"
    h = turn("Which city is DeepSeek from?", "Hangzhou [1].")
    assert standalone("how many people work there?", h) == "how many people work in Hangzhou?"


def test_chat_shorthand_is_read_as_the_words_it_stands_for():
    assert standalone("how many ppl work at deepseek", []) == "how many people work at deepseek"
    assert standalone("what r they paid", []) == "what are they paid"
    assert standalone("which bank warned abt deepseek", []) == "which bank warned about deepseek"
    # A capital, or a letter inside a name or a word, is no shorthand.
    assert standalone("Is DeepSeek-R1 open in the U.S.?", []) == "Is DeepSeek-R1 open in the U.S.?"
    assert standalone("how much r&d did they fund", []) == "how much r&d did they fund"
