"""The answer policy: from the model's draft and the passages it was shown to what the user sees.

One pure function, `decide`. It keeps the draft's sentences that the passages support, as long
as one of them answers the question; failing that it quotes the one source sentence that
answers the question within a clause; failing that it declines. A question about the whole
document is answered by the source's prepared summary, sentence by sentence cited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from . import compare
from .answer import Sentence
from .parse import analyse, content_word, parse, phrasal
from .question import UNWORDED, Ask, answers, ask_of, drawn, quote, recased, split_premise, statement_of, states_verb
from .verify import Judge, alike, best_support, check, claim_of, is_decline, split_yes_no


PREMISE = "the question's premise"  # the reason of a premise the sources do not state


@dataclass(frozen=True)
class Outcome:
    """What `decide` chose: the sentences to show (each supported and cited), or a decline."""

    kept: tuple[Sentence, ...]
    sentences: tuple[Sentence, ...]  # every draft sentence with its verdict
    abstained: bool
    extractive: bool  # the answer quotes the source instead of the draft
    revised: bool  # what is shown differs from the draft


def decide(
    question: str,
    draft: str,
    shown: Mapping[int, str],
    nearest: Sequence[int],
    *,
    overview: Sequence[tuple[str, int]] = (),
    judge: Judge | None = None,
    titles: Mapping[int, str] | None = None,
    answer_coverage: float = 0.5,
    quote_coverage: float = 0.75,
    elides: str = "",
) -> Outcome:
    """Decide what to show for `draft`, the model's answer to `question`.

    Args:
        question: The (standalone) question.
        draft: The model's text, with its [n] markers.
        shown: The passages the model saw, by number.
        nearest: Numbers of the passages ranked nearest the question (where a quote may come from).
        overview: The source's prepared summary as (sentence, passage number), for questions
            about the whole document.
        judge: Decides claims whose wording alone is in doubt (the model as second judge), or None.
        titles: The title of each shown passage's source (names it need not repeat).
        answer_coverage: Share of the question's terms an answer's sentence and its source
            clause must hold between them.
        quote_coverage: Share of the question's terms one source clause must hold to be quoted.
        elides: For an ellipsis that asks for nothing of its own ("And Google?"), the question
            it elides ("How much did Nvidia lose?"): its answer must give what that asked for.
    """
    # A name typed in lower case ("deepseek", "meta") binds as the passages write it.
    question = recased(question, shown.values())
    ask = ask_of(question)
    if elides:
        # "And Google?" after "How much did Nvidia lose?" asks for an amount; "the parent?" after
        # "When was DeepSeek set up?" a date. (Not its yes or no: "And Trump?" after "Does he
        # want to buy DeepSeek?" asks what the sources say of Trump.) Naming nothing, it is
        # about what that question named: "compared by who" after "What was DeepSeek compared to?".
        frame = ask_of(elides)
        if ask.wants == "thing" and frame.wants in ("amount", "date", "name", "place"):
            ask = replace(ask, wants=frame.wants, head=frame.head, percent=frame.percent, entity=frame.entity)
        if not ask.names:
            ask = replace(ask, names=frame.names)
    if ask.wants == "overview" and overview:
        kept = tuple(Sentence(s, (n,), True, reason="from the source's summary", evidence=s) for s, n in overview)
        return Outcome(kept, (), False, True, True)
    premise, rest = split_premise(question)
    if premise:
        # "Given that DeepSeek was founded in 2016, how long ...?": the premise is a claim of the
        # question's own, checked like any answer. The sources not stating it, nothing built on it
        # is shown; stated, it is what the question takes as known, not what it asks.
        held = check(premise, shown, judge=judge, titles=titles)
        if not held or not all(v.supported for v in held):
            stated = tuple(replace(v, reason=f"{PREMISE}: {v.reason}") for v in held)
            return Outcome((), stated, True, False, False)
        # The question's names stay: a pronoun of what is left ("how long did it take?") may
        # stand for one of the premise's.
        ask = replace(ask_of(rest), names=ask.names)
    verdicts = tuple(check(draft, shown, question, judge=judge, titles=titles))
    # "Was X founded before 2020?": the source's year, checked, and compared by the code.
    computed = compare.answer(question, shown, [n for n in nearest if n in shown], judge=judge, titles=titles)
    if computed is not None:
        return Outcome((computed,), verdicts, False, True, True)
    # Every word of the shown passages: a question term none of them uses is the question's wording.
    vocabulary = frozenset(w for text in shown.values() for x in analyse(text) for t in x.toks for w in (t.key, phrasal(t)))
    declined = not verdicts or is_decline(verdicts[0].text)
    kept: list[Sentence] = []
    answered = False
    if not declined:
        before: Sentence | None = None  # the draft's previous sentence, when supported
        for v in verdicts:
            if not v.supported or is_decline(v.text):
                before = None
                continue
            previous, before = before, v
            if not answered:
                n = v.cites[0]
                body = split_yes_no(v.text)[1] or v.text
                bound = best_support(claim_of(body), shown[n],
                                     title=(titles or {}).get(n, "")).bound if body else frozenset()
                # "the association's Managing Director" after "... the PDF Association": its name.
                # The passage before it in the same source, when shown, may name it ("this change"
                # after "... by a cadence change." at the end of the passage before).
                title = (titles or {}).get(n, "")
                before_it = shown.get(n - 1, "") if titles and titles.get(n - 1) == title else ""
                bound |= _named_before(v.evidence, f"{before_it}\n{shown[n]}" if before_it else shown[n], title)
                joined = previous is not None and not kept and _continues(body, previous, v, shown[n])
                if joined:
                    # "It was ... converted into a theatre" after "The first chapel for the Royal
                    # Artillery was ...": read together, as the source's two sentences are.
                    bound |= {t.key for x in analyse(previous.text) for t in x.toks}
                why = answers(ask, body, bound, passage=vocabulary, coverage=answer_coverage)
                unworded = why == UNWORDED
                if unworded and judge is not None and judge(f'The answer to "{question}" is: {body}', v.evidence):
                    why = None  # "what's deepseek's headcount": the model reads "a team of fewer than 150"
                if not why and not unworded and judge is not None and not _states_relation(
                        ask, body, v.evidence) and not judge(f'The answer to "{question}" is: {body}', v.evidence):
                    # "Who chairs the weekly proposal review meeting?" drafted "The meetings are
                    # held ... by the Go team members": true, but perhaps of another event than
                    # the one asked (as a quote must not be, `quote`), or the same one in other
                    # words ("founded" for "started"). Only meaning tells: the model, as judge.
                    why = "states another relation than the question asks about"
                if why and not split_yes_no(v.text)[0]:
                    continue
                answered = True
                if ask.wants == "yesno" and not split_yes_no(v.text)[0]:
                    v = _labelled(rest if premise else question, v, shown[n])
                if joined:
                    kept.append(previous)  # what the "It" stands for, shown before it
                if ask.wants == "reason" and _reason_left_out(body, v.evidence):
                    # "Why does this PEP go through a more formal process?" drafted "This PEP goes
                    # through a more formal approval process than that used for most PEPs" over
                    # "As the application of this policy has potential legal ramifications ...,
                    # the approval process used is more formal ...": the source's sentence, with
                    # the reason it gives, not the draft that dropped it.
                    v = Sentence(_worded(v.evidence), (n,), True, recited=True, reason="quoted from the source: "
                                 "the draft left out the reason it gives", evidence=v.evidence)
                elif ask.wants == "date" and _less_precise(body, v.evidence):
                    # "opened in June 1898" where the source says "15 June 1898": the source's
                    # own sentence, not an answer that drops part of the date asked for.
                    v = Sentence(v.evidence, (n,), True, recited=True, reason="quoted from the source: "
                                 "the draft gave less of the date", evidence=v.evidence)
            kept.append(v)
    extractive = False
    if not kept and ask.wants == "yesno" and not declined and (polar := _polar(question, shown, nearest)):
        # "No, Nvidia did not lose market value" over "a loss of $589 billion": the draft's Yes or
        # No is refuted, or its statement unsupported; the question's own statement, entailed
        # (or contradicted) by a sentence of the nearest passages, answers it, that sentence shown.
        return Outcome((polar,), verdicts, False, True, True)
    if not kept and (period := compare.difference(question, shown, [n for n in nearest if n in shown],
                                                      coverage=quote_coverage)):
        # "For how many years was X used?" over "X was used between 1863 and 1874": computed, shown.
        return Outcome(period, verdicts, False, True, True)
    if not kept:
        # Over the model's own decline, only a clause holding every term of the question is
        # quoted: with 3 of 4 terms enough, quotes over declines answered unanswerable questions.
        need = 1.0 if declined else quote_coverage
        near = {n: shown[n] for n in nearest if n in shown}
        phrase = verdicts[0].text if verdicts and not declined and _bare_phrase(verdicts[0].text) else ""
        # "Which bank warned ...?" drafted "Deutsche Bank": the statement the question makes with
        # the answer in the wh-phrase's place. Supported by words and structure alone, it comes
        # first; one the model would have to judge comes after the source's own sentences.
        statement = _as_statement(question, phrase) if phrase else None

        def stated(judge: Judge | None) -> list[Sentence]:
            checked = list(check(statement, shown, question, judge=judge, titles=titles)) if statement else []
            if not checked or not all(v.supported for v in checked):
                return []
            return [replace(v, recited=True, reason="the draft's short answer, stated in the question's "
                            "words and checked: " + v.reason) for v in checked]

        kept = stated(None)
        found = None if kept else quote(ask, near, min_coverage=need)
        reason = "quoted from the source"
        if not kept and not found and phrase and judge is not None:
            # A bare phrase ("Deutsche Bank") answers by what the question says around it: the
            # source clause that holds it and the question's names, judged to say what was asked.
            answer = frozenset(t.key for x in analyse(phrase) for t in x.toks
                               if (t.name or t.number is not None or content_word(t)) and t.key not in ask.keys)
            found = quote(ask, near, min_coverage=answer_coverage, answer=answer) if answer else None
            if found and not judge(f'The answer to "{question}" is: {phrase}', found[0]):
                found = None
            reason = "quoted from the source: the sentence that states the draft's short answer"
        if not kept and not found and not declined and not phrase and not (verdicts[0].supported and not ask.core):
            # A draft in the question's own words ("the US set a goal to ..." where the source
            # says "spearheaded") fails on those words, though what it adds (its answer) was read
            # from one source sentence: that sentence is quoted in the source's own words. A draft
            # the checker verified ("Foxit Software was founded in 2001 by ...") is quoted back
            # when that sentence states the question's relation ("started"); a question with no
            # verb or subject gives none to check ("What came out of the LTS working group's
            # conversations?" drafted "The LTS Working Group was disbanded on October 20, 2020").
            body = split_yes_no(verdicts[0].text)[1] or verdicts[0].text
            answer = _added_terms(ask, body)
            verbs = frozenset(t.lemma for t in claim_of(body).predicates if t.pos == "VERB") if body else frozenset()
            # The passages the draft was verified against are where it was read from, whether or
            # not the search ranked them nearest ("how many people work at DeepSeek" found the
            # article's paragraphs on its workforce, not the one giving its team of 150).
            read = drawn(ask, near | {n: shown[n] for v in verdicts if v.supported for n in v.cites if n in shown},
                         answer, verbs)
            # A sentence that states the answer in words of its own ("advocating" for the
            # question's "call for") is quoted only if the model, as judge, reads the draft in it.
            if read and (read[2] or judge is not None and judge(f'The answer to "{question}" is: {body}', read[0])):
                found = read[:2]
            reason = "quoted from the source: the sentence the draft's answer was read from"
        if not kept and not found and judge is not None:
            kept = stated(judge)
        if found:
            sentence, n = found
            kept = [Sentence(sentence, (n,), True, recited=True, reason=reason, evidence=sentence)]
            extractive = True
    revised = [x.text for x in kept] != [x.text for x in verdicts] or any(x.recited for x in kept)
    return Outcome(tuple(kept), verdicts, not kept, extractive, revised and not (declined and not kept))


def _states_relation(ask: Ask, body: str, evidence: str) -> bool:
    """Does an answer stating an event of its own, to a question asking for a name, place, date
    or amount, or the source sentence it was verified against, state an event of the question's:
    its main verb (not a linking one, "serves as") or a verb it governs ("update" in "lets a
    client update"), in a form of the word, a synonym or a kind of it ("founded" for "started")?"""
    if ask.wants not in ("name", "place", "date", "amount") or not ask.predicate or ask.predicate_key not in ask.events:
        return True
    if not any(t.pos == "VERB" for x in analyse(body) for t in x.toks):
        return True  # a bare answer ("Mark Zuckerberg") states no event: `answers` reads its source clause
    toks = [t for text in (body, evidence) for x in analyse(text) for t in x.toks]
    return any(states_verb(k, toks) for k in ask.events)


def _polar(question: str, shown: Mapping[int, str], nearest: Sequence[int]) -> Sentence | None:
    """"Yes: <sentence>." where a sentence of the nearest passages entails the question's
    statement, "No: <sentence>." where one contradicts it; by words and structure alone."""
    statement = statement_of(question)
    if not statement:
        return None
    for n in (n for n in nearest if n in shown):
        v = best_support(statement, shown[n])
        if v.supported or v.contradicts:
            label = "Yes" if v.supported else "No"
            return Sentence(f"{label}: {v.sentence}", (n,), True, recited=True, evidence=v.sentence,
                            reason=f"the question's statement is {'entailed' if v.supported else 'contradicted'} "
                                   "by the source's sentence")
    return None


def _labelled(question: str, v: Sentence, passage: str) -> Sentence:
    """A supported answer to a yes/no question that says neither ("The apse windows were still
    in place then." to "were the apse windows still there in the 1960s"), with "Yes" before it
    when its own source sentence (read in its `passage`) entails the question's statement, "No"
    when it contradicts it; as it was otherwise. The test a drafted "Yes"/"No" must pass
    (`verify.check`), bound to the answer's own sentence."""
    statement = statement_of(question)
    if not statement or not v.evidence:
        return v
    held = best_support(statement, passage)
    label = "" if held.sentence != v.evidence else "Yes" if held.supported else "No" if held.contradicts else ""
    return replace(v, text=f"{label}: {v.text}") if label else v


_PRONOUNS = frozenset({"it", "they", "he", "she", "this", "these", "its", "their", "his", "her"})


def _continues(body: str, previous: Sentence, current: Sentence, passage: str) -> bool:
    """Does the draft sentence `body` go on from `previous` as the source does: it opens with a
    pronoun, and the source sentence it was checked against comes right after the one
    `previous` was checked against (or is that one), in the same passage? Then the pronoun
    stands for what the source's own sentence before says, and the two answer together."""
    first = next((t for x in analyse(body) for t in x.toks), None)
    if first is None or first.text.lower() not in _PRONOUNS or previous.cites[:1] != current.cites[:1]:
        return False
    texts = [x.text.strip() for x in analyse(passage)]
    at = [i for i, t in enumerate(texts) if t == current.evidence.strip()]
    was = [i for i, t in enumerate(texts) if t == previous.evidence.strip()]
    return any(i - j in (0, 1) for i in at for j in was)


def _named_before(sentence: str, passage: str, title: str = "") -> frozenset[str]:
    """Keys of what a "the <noun>" of `sentence` stands for, in the title or earlier in the
    passage: a name of two words or more ending in that noun ("the association" after "the PDF
    Association"), or, for "this <noun>", the noun with the nouns classifying it ("this change"
    after "a cadence change"). Only the last such mention counts."""
    texts = list(analyse(passage))
    at = next((i for i, x in enumerate(texts) if x.text.strip() == sentence.strip()), None)
    if at is None:
        return frozenset()
    earlier = [*analyse(title), *texts[:at]] if title else texts[:at]
    names: dict[str, frozenset[str]] = {}  # last word's lemma -> the whole name's keys
    nouns: dict[str, frozenset[str]] = {}  # a noun's lemma -> its keys with the nouns classifying it
    for s in earlier:
        run: list = []
        for t in [*s.toks, None]:
            if t is not None and t.name and t.number is None:
                run.append(t)
                continue
            if t is not None and t.pos == "NOUN" and (kinds := [x.key for x in s.toks if x.head == t.i
                                                               and x.dep == "compound" and x.pos == "NOUN"]):
                nouns[t.lemma.lower()] = frozenset([*kinds, t.key])
            if len(run) > 1:
                names[run[-1].lemma.lower()] = frozenset(x.key for x in run)
            run = []
    out: set[str] = set()
    toks = [t for x in analyse(sentence) for t in x.toks]
    for t in toks:
        det = next((x.lemma.lower() for x in toks if x.head == t.i and x.dep == "det"), "")
        if t.pos == "NOUN" and t.lemma.lower() in names and det in ("the", "this"):
            out |= names[t.lemma.lower()]
        # Only a demonstrative points back for certain: "the costs" after "the construction
        # cost" may be other costs ("not responsible for maintenance. Ontario paid 25% of the costs").
        elif t.pos == "NOUN" and t.lemma.lower() in nouns and det in ("this", "that", "these", "those"):
            out |= nouns[t.lemma.lower()]
        elif t.pos == "NOUN" and det in ("this", "these") and at and _in_main_subject(t, toks):
            # The main subject summing up what was just said ("... shockwaves through the American
            # stock market ... This unprecedented change has been likened to a nuclear explosion";
            # "the U.S. solidified its dominance through ... industries. Yet, the competitive edge
            # in these sectors has waned"): the sentence before says what it is. (Not one in a
            # clause below the main verb: "Deutsche Bank warned that these changes could ..." is
            # about Deutsche Bank.)
            out |= {x.key for x in texts[at - 1].toks if x.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")}
    return frozenset(out)


def _in_main_subject(t, toks) -> bool:
    """Is `t` the main verb's subject, or within its phrase ("the edge in these sectors")?"""
    by_i = {x.i: x for x in toks}
    cur, seen = t, set()
    while cur is not None and cur.i not in seen:
        if cur.dep in ("nsubj", "nsubjpass"):
            return by_i.get(cur.head) is not None and by_i[cur.head].dep == "ROOT"
        if cur.dep not in ("prep", "pobj", "compound", "amod", "det", "poss"):
            return False  # a clause's own subject, or an object: not the main subject's phrase
        seen.add(cur.i)
        cur = by_i.get(cur.head)
    return False


def _added_terms(ask, body: str) -> frozenset[str]:
    """Keys of what a draft statement adds to the question: its names, numbers and content
    words that are neither the question's words nor forms or synonyms of them."""
    asked = {t.lemma for x in analyse(ask.text) for t in x.toks} | set(ask.keys)
    out = set()
    for x in analyse(body):
        for t in x.toks:
            if not (t.name or t.number is not None or t.pos == "NUM" or content_word(t)):
                continue
            if t.key in asked or t.lemma in asked or any(alike(t.lemma, w) for w in asked):
                continue
            out.add(t.key)
    return frozenset(out)


def _as_statement(question: str, phrase: str) -> str | None:
    """The question as a statement with `phrase` as its subject, when the question asks for its
    subject: "Which bank warned that X?" + "Deutsche Bank" -> "Deutsche Bank warned that X."
    None for other questions ("Which city is DeepSeek from?" asks for no subject)."""
    doc = parse(question.strip())
    toks = [t for t in doc if not t.is_punct or t.i < len(doc) - 1]
    if not toks or toks[0].lower_ not in ("which", "what", "who", "whose"):
        return None
    subject = next((t for t in toks if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.head.lemma_ == "be" or subject.head.dep_ != "ROOT":
        return None  # "Which city is DeepSeek from?": "is" with another subject after it
    end = subject.i + 1  # the wh-phrase: the wh-word up to the subject ("Which former US president")
    if end >= len(toks) or toks[end].pos_ not in ("AUX", "VERB"):
        return None
    rest = doc[end:].text.rstrip(" ?")
    return f"{phrase.strip().rstrip('.')} {rest}."


def _bare_phrase(text: str) -> bool:
    """A draft that is a name or a noun phrase, with no verb ("The Hunter River.", "Deutsche Bank")."""
    toks = [t for x in analyse(text) for t in x.toks]
    return bool(toks) and not any(t.pos in ("VERB", "AUX") for t in toks) and len(toks) <= 12


_BECAUSE = frozenset({"because", "as", "since"})


def _reason_left_out(claim: str, evidence: str) -> bool:
    """Does the source sentence give a reason ("As X, Y", "Y because X", "because of X") none of
    whose words the claim keeps? A reason clause: a verb's adverbial clause opened by "because",
    "as" or "since", or the object of "because of"."""
    kept = {t.key for x in analyse(claim) for t in x.toks}
    for x in analyse(_worded(evidence)):
        by_i = {t.i: t for t in x.toks}
        heads = [by_i[t.head] for t in x.toks if t.dep == "mark" and t.lemma.lower() in _BECAUSE
                 and by_i.get(t.head) is not None and by_i[t.head].dep == "advcl"]
        # "because of X", "due to X": the object of the preposition the pair makes
        heads += [t for t in x.toks if t.dep == "pobj" and (prep := by_i.get(t.head)) is not None and (
            prep.lemma.lower() == "because" or prep.lemma.lower() in ("of", "to") and by_i.get(prep.i - 1) is not None
            and by_i[prep.i - 1].lemma.lower() in ("because", "due", "owing"))]
        for head in heads:
            words = {t.key for t in x.subtree(head) if t.name or content_word(t)}
            if words and not words & kept:
                return True
    return False


def _worded(text: str) -> str:
    """`text` without its lines of no letter or digit (a heading's "=====" underline)."""
    return "\n".join(line for line in text.strip().splitlines() if any(ch.isalnum() for ch in line))


def _less_precise(claim: str, evidence: str) -> bool:
    """A date of the claim is part of a longer one in the source ("June 1898" of "15 June 1898")."""
    def runs(text: str) -> list[set[str]]:
        out: list[set[str]] = []
        for x in analyse(text):
            prev = None
            for t in x.toks:
                if t.ent == "DATE" and (t.number is not None or t.name):
                    if prev is not None and t.i - prev <= 2:
                        out[-1].add(t.key)
                    else:
                        out.append({t.key})
                    prev = t.i
        return out

    stated = runs(evidence)
    return any(said < full for said in runs(claim) for full in stated if said & full)
