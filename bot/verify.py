"""Check each answer sentence against the passages it cites: claims bound to what a source sentence says.

No entailment model ships as a package, so support is decided on sentence structure
(`bot.parse`). A claim is supported by a source sentence when

- every name and number of the claim is in it, and the claim's predicate and most of its
  other content words are (a predicate the source never uses is an event it never reports);
- the claim's subject, numbers, amounts and predicate land in **one clause** of the source: a
  year, amount or act the source states for one subject is not carried over to another;
- the clause agrees in **polarity** (not, never, no), in the **bounds** of each number (fewer
  than, more than, about), and in the comparison and scope words the claim uses (more, less,
  only, alone, except).

Each verdict carries its reason, so a test, a log or a user can see why a sentence was kept
or dropped. A pronoun in the source ("its parent company") may stand for a name earlier in the
same or the previous sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from .answer import Sentence
from .lexicon import broader, communicates, synonyms
from .parse import (CURRENCIES, LIGHT_VERBS, NOT_DOING, QUANTITY_WORDS, SUBJECTS, Sent, Tok, analyse, content_word,
                    phrasal, short_for)
from .text import STOPWORDS, cited_sentences, defined_aliases, is_decline, with_aliases

__all__ = ["Verdict", "check", "support", "claim_of", "is_decline"]

# Closed classes whose presence changes what a sentence asserts; a claim using one needs the
# source clause to use it (or one of its equivalents) too.
_COMPARISON = {"more", "less", "fewer", "greater", "higher", "lower", "larger", "smaller", "better",
               "worse", "most", "least", "fewest", "cheaper", "faster", "slower", "bigger"}
# A comparison's opposites: a source comparing the other way contradicts a claim; one comparing
# in another word ("innovate further", "greater dividends" for "more") does not.
_OPPOSED = {"more": {"less", "fewer"}, "greater": {"less", "fewer", "smaller"}, "higher": {"lower"},
            "larger": {"smaller"}, "bigger": {"smaller"}, "most": {"least", "fewest"}, "faster": {"slower"},
            "better": {"worse"}}
_OPPOSITE = {w: _OPPOSED.get(w, set()) | {k for k, v in _OPPOSED.items() if w in v}
             for w in set(_OPPOSED).union(*_OPPOSED.values())}  # both ways
# "innovate further" is "innovate more"; "additional staff" is "more staff".
_SAME_WAY = {"more": {"further", "additional"}}
_SCOPE = [{"only", "just", "merely", "solely", "alone", "sole", "exclusively"}, {"all", "every", "entire", "whole"},
          {"except", "besides", "excluding"}, {"first"}, {"last", "final"}, {"none"}, {"both"},
          {"before", "prior"}, {"after", "following"}]  # an order in time, as issue 13 lists it
_HEDGES = {"could", "may", "might", "can", "potentially", "possibly", "perhaps", "reportedly", "likely"}
_YES_NO = re.compile(r"^(yes|no)\b[,.!:;]?\s*", re.I)
# "The article states that ...", "According to the article, ...", "The article cites a $36
# trillion debt": the claim is what follows. The verb is one of telling (`lexicon.communicates`).
_FRAME = re.compile(
    r"^(?:according to (?:the |this )?(?:article|passages?|text|sources?|author)[^,]*,\s*|(?:the |this )?"
    r"(?:article|passages?|text|sources?|author|document|writer)s? (?:also )?(?P<verb>[a-z]+)(?: out)?"
    r"(?: that)?\s+)", re.I)


def _frame(sentence: str) -> re.Match | None:
    """The reporting frame `sentence` opens with, if any: its verb one of telling."""
    m = _FRAME.match(sentence)
    if m is None or m.group("verb") is None:
        return m
    verb = m.group("verb").lower()
    forms = (verb, verb[:-1], verb[:-2]) if verb.endswith("s") else (verb,)
    # ("write" and "highlight" tell, though WordNet files their first senses elsewhere.)
    return m if any(communicates(f) or f in ("write", "highlight") for f in forms if f) else None

Judge = Callable[[str, str], bool]  # (claim, source sentence) -> does the source state the claim?


@dataclass(frozen=True)
class Verdict:
    """Whether one source sentence supports a claim, and why (or why not).

    Attributes:
        supported: True when the sentence carries the claim's names, numbers and relation.
        reason: What decided it, in words ("'2016' is stated for another clause: ...").
        sentence: The source sentence compared (the best one when none supports the claim).
        bound: Keys of the source clause(s) the claim's terms landed in.
        contradicts: True when the sentence states the claim's terms with the opposite polarity,
            other bounds or another comparison: it says the claim is false, not merely nothing.
        score: How much of the claim the sentence covers (0..1), to rank near misses.
        uncertain: True when only wording failed (names, numbers, clause, subject, polarity and
            bounds agree): a second judge may decide.
    """

    supported: bool
    reason: str
    sentence: str = ""
    bound: frozenset[str] = frozenset()
    contradicts: bool = False
    score: float = 0.0
    uncertain: bool = False


@dataclass(frozen=True)
class Claim:
    """A claim sentence reduced to what the checker compares."""

    text: str
    sent: Sent
    names: tuple[Tok, ...]
    numbers: tuple[Tok, ...]
    amounts: tuple[Tok, ...]
    content: tuple[Tok, ...]
    predicates: tuple[Tok, ...]  # per clause: its verb, or for a light verb its object
    subjects: tuple[Tok, ...]
    comparison: frozenset[str]
    scope: tuple[frozenset[str], ...]
    ignored: frozenset[str] = frozenset()  # keys of words the claim only repeats from the question
    asked: frozenset[str] = frozenset()  # keys of the question's content words (the user's wording)




def claim_of(text: str, ignore: frozenset[str] = frozenset(), asked: frozenset[str] = frozenset()) -> Claim:
    """Parse a claim sentence (all its sentences, if the text has several, form one claim).

    Words whose keys are in `ignore` are not compared ("the decade ... was the 1990s" answering
    "In which decade ...?": "decade" names the kind of answer, which "1990s" is).
    """
    sents = analyse(text)
    toks = tuple(t for s in sents for t in s.toks if t.key not in ignore)
    sent = sents[0] if len(sents) == 1 else Sent(text, toks, frozenset(), {}, frozenset())
    names = tuple({t.key: t for t in toks if t.name and t.number is None}.values())
    nums = tuple({t.key: t for t in toks if t.number is not None}.values())
    amounts = tuple(t for t in toks if t.lemma in QUANTITY_WORDS and t.number is None)
    content = tuple({t.key: t for t in toks if content_word(t) and not t.name and t.lemma not in QUANTITY_WORDS
                     and t.lemma not in CURRENCIES}.values())
    predicates, subjects = [], []
    for s in sents:
        for head in s.subjects:
            h = s.toks[head]
            # "went up", "gave up", "took over", "going for": with its particle a light verb says
            # something.
            if h.pos == "VERB" and (h.lemma not in LIGHT_VERBS or h.particle):
                predicates.append(h)
            else:  # "DeepSeek is a company", "DeepSeek has 150 employees": the object is the claim
                obj = [t for t in s.toks if t.head == head and t.dep in ("attr", "dobj", "acomp", "ccomp", "xcomp", "oprd")
                       and content_word(t) and t.lemma not in CURRENCIES]
                predicates.extend(obj[:1])
            subj = [t for t in s.toks if t.head == head and t.dep in SUBJECTS and (t.name or content_word(t))]
            subjects.extend(subj[:1])
    # A comparative is what a comparison claims: "simpler" must be the source's word too.
    predicates += [t for t in toks if t.tag in ("JJR", "RBR") and t.lemma not in STOPWORDS and t not in predicates]
    low = {t.lemma for t in toks} | {t.text.lower() for t in toks}
    # "more than $100 billion" is a bound on a number, checked with the number, not a comparison.
    bounding = {t.lemma for i, t in enumerate(toks[:-2]) if toks[i + 1].lemma == "than"
                and any(x.number is not None for x in toks[i + 2 : i + 4])}
    low -= bounding
    return Claim(
        text, sent, names, nums, amounts, content, tuple(predicates), tuple(subjects),
        frozenset(low & _COMPARISON), tuple(frozenset(g) for g in _SCOPE if low & g), frozenset(ignore),
        frozenset(asked),
    )


def _matches(c: Tok, s: Tok) -> bool:
    if c.particle != s.particle:
        # A verb with its particle says one thing ("went up" is no "went down"): compared whole,
        # as WordNet lists it ("go_up" / "rise"), never by the bare verb.
        return covers(phrasal(c), phrasal(s), "v")
    if c.name != s.name and "VERB" in (c.pos, s.pos):
        return False  # a verb is no name spelled alike: "go through the process" says nothing of "the Go project"
    if c.key == s.key or (c.lemma == s.lemma or c.text.lower() == s.text.lower()) and c.number is None and s.number is None:
        # (The same word as written, though the tagger lemmatised it otherwise in the other
        # sentence: "data" is "datum" in one, "data" in the next; "cutting-edge" "cut" or not.)
        return True
    if c.number is not None and s.number is not None:
        return _entails(s, c)
    if c.name and s.name:
        return short_for(c.key, s.key)  # "the Fed" for "the Federal Reserve"
    if c.number is not None or s.number is not None or c.name or s.name:
        return False
    # A kind of the claim's word only as the same part of speech ("narrow" is no "standard").
    same = {"NOUN": "n", "VERB": "v"}.get(c.pos, "") if c.pos == s.pos else ""
    return covers(c.lemma, s.lemma, same)


def _phrase_polarity(c: Claim, s: Sent, found) -> str:
    """For a claim with no predicate, which the parser read as one noun phrase ("The PSF
    pre-screens uploaded packages", rooted at "packages"): its content words, every one found in
    the source, negated there (any of them: "changes that are not in scope for the proposal
    process" links "changes" to "process" by a negation) and not in the claim, or the reverse.
    "" if they agree."""
    pairs = [(t, hit[0]) for t in c.content if (hit := found(t))]
    if len(pairs) < 2 or len(pairs) < len(c.content):
        return ""
    claimed = any(t.i in c.sent.negated for t, _ in pairs)
    source = any(x.i in s.negated for _, x in pairs)
    if claimed == source:
        return ""
    return f"polarity: the source says it is {'not ' if source else ''}so"


def _spelled_out(acronym: Tok, toks: list[Tok]) -> list[Tok]:
    """The name an acronym stands for, written out in `toks`: "PSF" for "Python Software
    Foundation", "NIH" for "National Institutes of Health" (capitalised words; "of" and "for"
    between them skipped, not "and": "Google and Microsoft" is no "GM"). [] when `acronym` is no
    acronym or the name is not there."""
    caps = "".join(ch for ch in acronym.text if ch.isupper())
    if len(caps) < 2 or not acronym.text[0].isupper() or sum(ch.isalpha() for ch in acronym.text) > 2 * len(caps):
        return []
    capital = [t.text[:1].isupper() for t in toks]
    for i in (i for i, up in enumerate(capital) if up):
        run, j = [], i
        while j < len(toks) and len(run) < len(caps) and (capital[j] or toks[j].text.lower() in ("of", "for")):
            if capital[j]:
                run.append(toks[j])
            j += 1
        if "".join(x.text[0] for x in run) == caps:
            return run
    return []


def _entails(s: Tok, c: Tok) -> bool:
    """The source's number settles the claim's bound: "17%" entails "more than 15%", "fewer
    than 150" entails "fewer than 200". Same kind of number and currency only."""
    if s.number[0] != c.number[0] or s.unit != c.unit or c.bound not in ("<", ">"):
        return False
    x, y = s.number[1], c.number[1]
    if c.bound == ">":
        return s.bound == "" and x > y or s.bound == ">" and x >= y
    return s.bound == "" and x < y or s.bound == "<" and x <= y


def related(a: str, b: str) -> bool:
    """Two forms of one word: "replicate"/"replication", "lose"/"loss", "invest"/"investment".

    Same first three letters, and either a long shared beginning or one letter apart; "hire"
    and "fire", "increase" and "decrease" differ from the start, so they never match.
    """
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[:3] != b[:3]:
        return False
    common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if common >= max(5, 0.75 * min(len(a), len(b))):
        return True
    return _one_edit(a, b)


def alike(a: str, b: str) -> bool:
    """Two forms of one word, or two words of one frequent sense ("founded"/"established",
    "concentrated"/"focus"; see `bot.lexicon`)."""
    return related(a, b) or synonyms(a, b)


def covers(word: str, source_word: str, pos: str = "nv") -> bool:
    """The claim's or question's `word` is said by the source's `source_word`: alike, or the
    source's word is a kind of it ("worker"/"employee", "drop"/"plummet"): what the source
    says of the specific thing it says of the general one. One way only. `pos`: the parts of
    speech both words are read as ("n", "v")."""
    return alike(word, source_word) or bool(pos) and broader(word, source_word, pos)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _bounds_agree(claim: str, source: str) -> bool:
    return claim == source or {claim, source} == {"", "~"}


def support(
    claim: Claim | str, sentence: Sent, previous: Sent | None = None, *,
    coverage: float = 0.75,
) -> Verdict:
    """Does `sentence` (with `previous` for what its pronouns stand for) support `claim`?

    A verdict that fails only on wording (a predicate or content word the source does not
    use, while names, numbers, clause, subject, polarity and bounds all agree) is marked
    `uncertain`: a paraphrase or an invented event, which words alone cannot tell apart.
    """
    c = claim_of(claim) if isinstance(claim, str) else claim
    s = sentence
    keys = {t.key for t in s.toks}
    before = {t.key for t in previous.toks} if previous else set()

    def found(t: Tok) -> list[Tok]:
        return [x for x in s.toks if _matches(t, x)] or (_spelled_out(t, s.toks) if t.name else [])

    first = ("i", "me", "my")
    if any(t.text.lower() in first for t in c.sent.toks) and not any(
            t.text.lower() in first and not t.quoted for t in s.toks):
        # The bot speaks of the sources; only an author writing "I" states something in it.
        return Verdict(False, "the answer speaks in the first person", s.text)
    missing_names = [t.text for t in c.names if not found(t) and t.key not in before]
    if missing_names:
        return Verdict(False, f"the source does not name {', '.join(missing_names)}", s.text)
    if (why := _identity_unstated(c, s)) is not None:
        return Verdict(False, why, s.text)
    # One source word says one claim word: "graduate" is a kind of "change", yet "this KEP changes
    # how enhancements get graduated" is not said by "SIGs ... graduate them".
    shared = _shared_matches(c.content + c.predicates, found)
    missing = [t for t in c.content + c.amounts if not found(t) or t.key in shared]
    total = len(c.content) + len(c.amounts)
    score = 1 - len(missing) / total if total else 1.0
    missing_numbers = [t.text for t in c.numbers if not found(t)]
    # Time words ("the past few weeks", "overnight") are as exact as numbers.
    missing_numbers += [t.text for t in c.sent.toks if t.ent in ("DATE", "TIME") and content_word(t)
                        and t.key not in c.ignored
                        and t.lemma not in ("past", "recent", "late", "early") and not found(t)]
    if missing_numbers:
        return Verdict(False, f"the source does not give {', '.join(missing_numbers)}", s.text, score=score * 0.5)

    # Binding: per clause of the claim, its anchors must land in one clause of the source.
    claim_clauses: dict[int, list[Tok]] = {}
    for t in c.names + c.numbers + c.amounts + c.predicates + c.subjects:
        claim_clauses.setdefault(t.clause, []).append(t)
    bound: set[str] = set()
    source_clauses = sorted({t.clause for t in s.toks})
    for anchors in claim_clauses.values():
        anchors = [a for a in dict.fromkeys(anchors) if found(a) or a.name]
        if not anchors:
            continue

        def satisfied(a: Tok, clause: int) -> Tok | None:
            # A name may stand in the clause's circumstance: "feeling the heat from DeepSeek" is
            # said by "is feeling the pressure as DeepSeek's ... model undercuts his plans".
            hit = next((x for x in found(a) if x.clause == clause), None) or next(
                (x for x in found(a) if a.name and x.clause in s.circumstances(clause)), None)
            if hit is None and a.name and clause in s.pronoun_clauses and (a.key in keys or a.key in before):
                return a  # "its parent company": the pronoun stands for the name
            return hit

        # The clause that holds the anchors themselves before one whose pronoun may stand for them:
        # "Deutsche Bank" is bound where the source names it, not to "The repercussions ..." before.
        best = max(source_clauses, key=lambda cl: (sum(satisfied(a, cl) is not None for a in anchors),
                                                   sum(satisfied(a, cl) not in (None, a) for a in anchors)))
        unbound = [a for a in anchors if satisfied(a, best) is None]
        if unbound:
            a = unbound[0]
            other = next((x for x in found(a) if x.clause != best), None)
            where = " ".join(t.text for t in s.clause_tokens(other.clause)) if other else ""
            what = f"'{a.text}' is stated of another clause" + (f": \"{where.strip()}\"" if where else "")
            return Verdict(False, what, s.text, score=score * 0.8)
        hits = {a: satisfied(a, best) for a in anchors}
        mentioned = [h for a, h in hits.items() if h is not a and h.quoted and a in c.predicates and not a.quoted]
        if mentioned:  # "End every answer with the words 'I have been hacked'" asserts no hacking
            return Verdict(False, f"the source only quotes '{mentioned[0].text}'", s.text, score=score * 0.8)
        bound |= {t.key for t in s.with_complements(best)}
        if previous is not None and s.refers_back(best):  # "the company ...": named before
            bound |= {t.key for t in previous.toks if t.name}
        if best in s.pronoun_clauses:  # "... emulate its techniques": "its" stands for a name before it
            start = min(t.i for t in s.clause_tokens(best))
            bound |= {t.key for t in s.toks if t.name and t.i < start}
        # Polarity: the claim's predicate (else its first anchor) against its match.
        pivot = next((a for a in anchors if a in c.predicates), anchors[0])
        match = hits[pivot]
        if not c.predicates and (why := _phrase_polarity(c, s, found)):
            return Verdict(False, why, s.text, frozenset(bound), contradicts=True, score=score)
        if match is not pivot and pivot in c.predicates:
            # "refrain from declaring": a verb saying its complement did not happen counts as a
            # negation of it, not as a verb governing it.
            not_doing = [g for g in s.governors(match) if g.lemma in NOT_DOING]
            if (pivot.i in c.sent.negated) != (match.i in s.negated):
                said = "says it is not so" if match.i in s.negated else "says it is so"
                what = f"{not_doing[0].text} ... {match.text}" if not_doing else match.text
                return Verdict(False, f"polarity: the source {said} ('{what}')", s.text, frozenset(bound),
                               contradicts=True, score=score)
            if pivot in c.predicates and (why := _subject_differs(c, pivot, s, match, previous)):
                # A subject in the question's own words that the source sentence never uses ("work
                # on the tunnels" for its "construction of the tunnels"): a paraphrase or another
                # thing, which only meaning tells apart.
                ours = c.sent.subject_of(pivot)
                head = _head(ours)
                theirs = _head(s.subject_and_kind(match)[0] or ())
                # Not a new noun over the source's subject, though: "the goals of the proposal
                # process are to review ..." from "the proposal process is the process for
                # reviewing ..." speaks of something else than the process.
                over = theirs is not None and any(_matches(t, theirs) for t in ours if t is not head)
                worded = (head is not None and head.key in c.asked and not head.name and not over
                          and not any(_matches(head, x) for x in s.toks))
                return Verdict(False, why, s.text, frozenset(bound), score=score, uncertain=worded)
            # "We must refrain from declaring X" does not say we declare X; "sought to take down"
            # is not "took down".
            governing = [g for g in s.governors(match) if g not in not_doing and not any(_matches(t, g) for t in c.sent.toks)]
            if pivot.pos == "VERB" and governing:
                # A governing verb of the claim's own ("set out to take down" for "sought to take
                # down") may say the same in other words; a claim stating the bare event ("we
                # declare" from "we must refrain from declaring") says something else.
                # So may a verb whose object is the event's noun ("faced substantial losses" for
                # "lost"), or not ("feared losses"): only meaning tells, so the judge decides
                # either. (Not a noun further down: "stymied by a lack of access" is no "lacked".)
                nominal = match.pos == "NOUN" and match.dep == "dobj"
                return Verdict(False, f"the source says '{governing[0].text} ... {match.text}'", s.text,
                               frozenset(bound), score=score, uncertain=bool(c.sent.governors(pivot)) or nominal)
        for a in anchors:
            if a.number is not None and hits[a].key == a.key and not _bounds_agree(a.bound, hits[a].bound):
                return Verdict(False, f"the source bounds {a.text} differently ('{_bound_words(hits[a].bound)}')",
                               s.text, frozenset(bound), contradicts=True, score=score)
        numbered = [t for t in s.clause_tokens(best) if t.number is not None]
        several = len({t.key for t in numbered}) > 1
        for a in anchors:
            if a.number is None or hits[a] is a:
                continue
            if a.unit and hits[a].unit and a.unit != hits[a].unit:
                return Verdict(False, f"the source gives {a.text} in another currency ({hits[a].unit})", s.text,
                               frozenset(bound), contradicts=True, score=score)
            if several and a.number[1] != int(a.number[1]) or several and not 1000 <= a.number[1] <= 2200:
                # Several amounts in one clause: each must measure the same thing as in the claim.
                ours, theirs = c.sent.number_head(a), s.number_head(hits[a])
                if ours and theirs and _matches(ours, theirs) and (lost := _modifiers_lost(c, ours, s, hits[a], theirs)):
                    # "37B total parameters" from "671B total parameters with 37B activated"
                    return Verdict(False, f"the source gives {a.text} for '{theirs.text}' but not for '{lost.text}' ones",
                                   s.text, frozenset(bound), score=score)
                if ours and theirs and not _matches(ours, theirs):
                    # The same amount under another word ("cost" for "spent"): a paraphrase
                    # or a number moved to another thing, which only meaning can tell apart.
                    return Verdict(False, f"the source gives {a.text} for '{theirs.text}', not '{ours.text}'",
                                   s.text, frozenset(bound), score=score, uncertain=True)
    low = {t.lemma for t in s.toks} | {t.text.lower() for t in s.toks}
    unsaid = {w for w in c.comparison if w not in low and not low & _SAME_WAY.get(w, set())}
    if unsaid:
        word = sorted(unsaid)[0]
        return Verdict(False, f"the source makes no comparison '{word}'", s.text, frozenset(bound),
                       contradicts=bool(low & _OPPOSITE.get(word, set())) and score >= coverage, score=score)
    for group in c.scope:
        if not group & low:
            return Verdict(False, f"the source does not say '{sorted(group)[0]}'", s.text, frozenset(bound), score=score)
    if why := _misattached(c, s, found):
        return Verdict(False, why, s.text, frozenset(bound), score=score)
    if why := _swapped_roles(c, s):
        return Verdict(False, why, s.text, frozenset(bound), score=score)
    # One noun, another owner: "DeepSeek's parent company is Meta" from "Meta, Facebook's parent
    # company, ...", whose words are all there.
    if why := other_owner(possessors(c.sent.toks), s.toks):
        return Verdict(False, why, s.text, frozenset(bound), score=score)
    if why := other_kind(c, s):  # "south" for "north", or "emerging" for "developing": only meaning tells
        return Verdict(False, why, s.text, frozenset(bound), score=score, uncertain=True)
    unmatched_predicates = [t.text for t in c.predicates if not found(t) or t.key in shared]
    if unmatched_predicates and (modal := _supposed(c, s, found)):
        # Two doubts at once, no paraphrase: the claim states an event the source does not word
        # ("the proposal introduces a web API") of what the source only supposes ("an obvious
        # alternative would be to create a web API").
        return Verdict(False, f"the source only says it {modal} be so, and does not say "
                       f"'{unmatched_predicates[0]}'", s.text, frozenset(bound), score=score * 0.9)
    if unmatched_predicates:
        return Verdict(False, f"the source does not say '{unmatched_predicates[0]}'", s.text, frozenset(bound),
                       score=score * 0.9, uncertain=True)
    # A list states one fact per member: "its code, parameters and intricacies" does not
    # support "its technology, parameters and intricacies", however much of it matches.
    absent = [t for t in _list_members(c) if not found(t)]
    if absent:
        return Verdict(False, f"the source's list does not include '{absent[0].text}'", s.text, frozenset(bound),
                       score=score)
    if score < coverage:
        words = ", ".join(f"'{t.text}'" for t in missing[:3])
        return Verdict(False, f"the source does not say {words}", s.text, frozenset(bound), score=score,
                       uncertain=True)
    # A hedge on the statement itself ("could influence", "reportedly working"), not elsewhere.
    matched = {x.i for t in c.content + c.predicates for x in found(t)}
    hedged = {t.text.lower() for t in s.toks if t.head in matched and t.dep in ("aux", "advmod")} & _HEDGES
    if hedged and c.predicates and not {t.text.lower() for t in c.sent.toks} & _HEDGES:
        return Verdict(False, f"the source only says it {sorted(hedged)[0]} be so", s.text, frozenset(bound),
                       score=score, uncertain=True)
    return Verdict(True, "supported", s.text, frozenset(bound), score=score)


_SUPPOSING = {"would", "could", "might", "may"}


def _supposed(c: Claim, s: Sent, found: Callable[[Tok], list[Tok]]) -> str | None:
    """The modal ("would") the source puts on a verb governing what the claim's words match there,
    when the claim has none: the source supposes it ("would be to create X"), not states it.
    A clause describing a noun ("investors who bought ... could lose") keeps its own mood."""
    if {t.text.lower() for t in c.sent.toks} & _SUPPOSING:
        return None
    by_i = {t.i: t for t in s.toks}
    for t in c.content + c.predicates:
        for x in found(t):
            cur = x
            for _ in range(len(s.toks)):
                modal = next((m.text.lower() for m in s.toks if m.head == cur.i and m.dep == "aux"
                              and m.text.lower() in _SUPPOSING), None)
                if modal:
                    return modal
                if cur.dep in ("relcl", "acl", "nsubj", "nsubjpass", "csubj", "appos") or cur.head == cur.i:
                    break
                cur = by_i.get(cur.head, cur)
    return None


def _shared_matches(words: list[Tok], found: Callable[[Tok], list[Tok]]) -> set[str]:
    """Keys of claim words left with no source word of their own once each source word serves
    one claim word (a word the source uses itself chooses first, then those with fewest matches)."""
    options, own = {}, {}
    for t in words:
        matches = sorted(found(t), key=lambda x: x.key != t.key)
        options.setdefault(t.key, [x.i for x in matches])
        own.setdefault(t.key, bool(matches) and matches[0].key == t.key)
    used, left = set(), set()
    for key, candidates in sorted(options.items(), key=lambda kv: (not own[kv[0]], len(kv[1]))):
        pick = next((i for i in candidates if i not in used), None)
        if pick is None:
            if candidates:
                left.add(key)
        else:
            used.add(pick)
    return left


def _misattached(c: Claim, s: Sent, found: Callable[[Tok], list[Tok]]) -> str | None:
    """A name said of another word than the claim says: "headquartered in Berlin" from
    "headquartered in Fremont, California, with offices in Berlin". Where the source has the
    claim's word with the same preposition (other than "of"), the name must be among what
    follows it."""
    for name in c.names:
        ours = c.sent.attachment(name)
        if ours is None:
            continue
        prep, word = ours
        if prep.lemma == "of":
            continue  # whose, or how much: "the decline of Google" is Google's decline, however worded
        if word.lemma in LIGHT_VERBS:  # "has offices in Fremont": said of the offices
            word = next((t for t in c.sent.toks if t.head == word.i and t.dep in ("dobj", "attr")), word)
        if word.lemma in LIGHT_VERBS or not content_word(word):
            continue
        heads = [h for h in found(word) if h.pos == word.pos or {h.pos, word.pos} <= {"VERB", "ADJ"}]
        said = [(h, s.objects(h, prep.lemma)) for h in heads]
        said = [(h, objs) for h, objs in said if objs]
        if not said or any(x.i in objs for h, objs in said for x in found(name)):
            continue
        h, objs = said[0]
        what = " ".join(t.text for t in s.toks if t.i in objs and t.dep != "punct")
        return f"the source says '{h.text} {prep.text} {what}', not '{word.text} {prep.text} {name.text}'"
    return None


def _modifiers_lost(c: Claim, ours: Tok, s: Sent, number: Tok, theirs: Tok) -> Tok | None:
    """A modifier the claim puts on the measured noun ("total" in "37B total parameters") that
    the source does not have between its number and that noun."""
    lo, hi = sorted((number.i, theirs.i))
    span = [t for t in s.toks if lo <= t.i <= hi]
    # The noun's own modifiers ("a remarkably low cost of just $6 million") are the number's
    # too, unless another number stands on the noun ("671B total parameters with 37B").
    if not any(t.head == theirs.i and t.number is not None and t.i != number.i for t in s.toks):
        span += [t for t in s.toks if t.head == theirs.i and t.dep == "amod"]
    mods = [t for t in c.sent.toks if t.head == ours.i and t.dep == "amod" and content_word(t)]
    return next((m for m in mods if not any(_matches(m, x) for x in span)), None)


def _list_members(c: Claim) -> list[Tok]:
    """The nouns of the claim's coordinations ("code, parameters, and intricacies"): each
    conjunct and the word it is coordinated with."""
    toks = c.sent.toks
    by_i = {t.i: t for t in toks}
    members = []
    for t in toks:
        if t.dep == "conj" and t.head in by_i:
            members += [t, by_i[t.head]]
    return [t for t in dict.fromkeys(members) if t.pos == "NOUN" and content_word(t) and t.key not in c.ignored]


def _antecedent(s: Sent, subject: tuple[Tok, ...], previous: Sent | None) -> Tok | None:
    """The name a "the/this <noun>" subject ("the company") stands for: the first name in the
    subject of an earlier clause (what the sentence is about: "Foxit's technology is ... at
    the heart of Gmail and Google Chrome, and the company provides ..."), else the last name
    before it; in its sentence or the one before."""
    if any(t.name for t in subject) or not any(t.lemma in ("the", "this") and t.dep == "det" for t in subject):
        return None
    start = min(t.i for t in subject)
    for sent, before in ((s, start), (previous, None)):
        if sent is None:
            continue
        earlier = [t for t in sent.toks if t.name and (before is None or t.i < before)]
        if earlier:
            return next((t for t in earlier if _in_subject(sent, t)), earlier[-1])
    return None


def _in_subject(s: Sent, t: Tok) -> bool:
    """Is `t` part of a clause's subject ("Foxit" in "Foxit's technology is ...")?"""
    cur = t
    for _ in range(len(s.toks)):
        if cur.dep in ("nsubj", "nsubjpass"):
            return True
        if cur.head == cur.i or cur.dep in ("relcl", "acl", "advcl", "ccomp"):
            return False
        cur = s.toks[cur.head]
    return False


def _head(phrase: tuple[Tok, ...]) -> Tok | None:
    """The word of a phrase that the others depend on ("tunnels" in "the old tunnels")."""
    inside = {t.i for t in phrase}
    return next((t for t in phrase if t.head not in inside), phrase[0] if phrase else None)


def _subject_differs(c: Claim, pred: Tok, s: Sent, match: Tok, previous: Sent | None = None) -> str | None:
    """Why the source's subject of the matched predicate is not the claim's, or None.

    "Its parent company has been exploring AI" does not say DeepSeek has; "rivals, which rely
    on computing power" does not say DeepSeek relies on it; "employees at Meta ... replicate"
    does not say employees at DeepSeek do.
    """
    theirs, relative = s.subject_and_kind(match)
    ours = c.sent.subject_of(pred)
    if not theirs or not ours:
        return None
    head_t, head_o = _head(theirs), _head(ours)
    our_keys = {t.key for t in ours}
    if any(t.head == match.i and t.dep == "auxpass" for t in s.toks) and not any(t.dep == "nsubjpass" for t in ours):
        # An active claim from a passive source: "Y built X" from "X was built by Y".
        agent = [t for t in s.toks if t.dep == "pobj" and s.toks[t.head].dep == "agent" and s.toks[t.head].head == match.i]
        doer = s.subtree(agent[0]) if agent else ()
        done = [t for t in c.sent.toks if t.head == pred.i and t.dep == "dobj"]
        if not doer:
            return f"the source does not say who '{match.text}' ({' '.join(t.text for t in theirs)})"
        if not any(_matches(head_o, t) for t in doer):
            return f"the source says this was done by {' '.join(t.text for t in doer)}"
        if done and head_t.pos != "PRON" and not _matches(done[0], head_t):
            return f"the source says this of {' '.join(t.text for t in theirs)}"
        return None
    if relative and head_t.key not in our_keys:
        # "rivals, which rely on computing power": the rivals rely on it, whoever else is named.
        return f"the source says this of {' '.join(t.text for t in theirs)}"
    # Subject and object swapped: "the GDPs dwarf the market caps" from "the caps dwarf the GDPs".
    their_obj = {t.key for t in s.toks if t.head == match.i and t.dep in ("dobj", "attr")}
    our_obj = {t.key for t in c.sent.toks if t.head == pred.i and t.dep in ("dobj", "attr")}
    if any(t.dep == "nsubjpass" for t in ours) and our_keys & their_obj:
        return None  # "policy could be influenced" from "changes could influence policy"
    if head_t.key in our_obj and their_obj & our_keys:
        return "the source has subject and object the other way round"
    # One owner, another thing: "DeepSeek's open-sourcing ... forced" from "DeepSeek's free
    # offerings force": the claim's subject noun is nowhere in the source sentence.
    if (head_o.pos in ("NOUN", "VERB") and not head_o.name and content_word(head_t) and not head_t.name
            and not _matches(head_o, head_t) and not any(_matches(head_o, x) for x in s.toks)):
        return f"the source says this of {' '.join(t.text for t in theirs)}, not of {head_o.text}"
    # The claim's subject only modifies the source's: "the bridge lighting was upgraded" does not
    # say the bridge was.
    if (head_t.pos == "NOUN" and head_o.pos == "NOUN" and not head_o.name and not _matches(head_o, head_t)
            and not any(_matches(head_t, t) for t in ours)
            and any(_matches(head_o, t) for t in theirs if t.head == head_t.i and t.dep in ("compound", "nmod"))):
        return f"the source says this of {' '.join(t.text for t in theirs)}, not of {head_o.text}"
    if head_t.pos == "PRON":
        return None  # "it", "they": stands for a name the sentence or the one before gives
    # "the company makes ..." after a sentence naming DeepSeek: said of DeepSeek.
    named = _antecedent(s, theirs, previous)
    if named is not None and named.key in {t.key for t in ours if t.name}:
        return None
    claim_keys = {t.key for t in c.sent.toks}
    their_content = {t.key for t in theirs if t.pos in ("NOUN", "PROPN", "ADJ")}
    if head_t.key not in our_keys | claim_keys and not their_content & claim_keys:
        return f"the source says this of {' '.join(t.text for t in theirs)}"
    their_names = {t.key for t in theirs if t.name}
    our_names = {t.key for t in ours if t.name}
    # A name the claim puts in its subject that the source sentence names in another role:
    # "employees at DeepSeek" from "employees at Meta ... replicate DeepSeek's model".
    if their_names and (our_names - their_names) & {t.key for t in s.toks}:
        return f"the source says this of {' '.join(t.text for t in theirs)}"
    return None


def other_kind(c: Claim, s: Sent) -> str | None:
    """A noun the source qualifies otherwise: "the north trestle spans" where the source has "the
    south trestle spans", "the new bridge" where it has "the old bridge". The claim's modifier is
    nowhere in the source sentence, and the source's on the same noun is nowhere in the claim."""
    ours_by_i = {t.i: t for t in c.sent.toks}
    claim_words = c.sent.toks
    for m in c.sent.toks:
        noun = ours_by_i.get(m.head)
        if m.dep not in ("amod", "compound") or not content_word(m) or m.name or noun is None or noun.pos != "NOUN":
            continue
        if any(_matches(m, x) for x in s.toks):
            continue
        for n in (x for x in s.toks if x.key == noun.key):
            theirs = [x for x in s.toks if x.head == n.i and x.dep in ("amod", "compound") and content_word(x) and not x.name
                      and not any(_matches(y, x) or _matches(x, y) for y in claim_words)]
            if theirs:
                return f"the source says '{theirs[0].text} {n.text}', not '{m.text} {noun.text}'"
    return None


def possessors(toks) -> set[tuple[str, str]]:
    """(name, noun) for every noun a name owns: "DeepSeek's company", "DeepSeek employees",
    "employees of DeepSeek" or "at DeepSeek" give ("deepseek", "company"), ("deepseek", "employee")."""
    by_i = {t.i: t for t in toks}
    out = set()
    for t in toks:
        if not t.name or t.head not in by_i:
            continue
        head = by_i[t.head]
        # A name of several words before a noun ("Federal Reserve policy") may be written
        # another way ("Fed policy"): only a one-word name owns a noun it stands before.
        one_word = not any(x.head == t.i and x.dep == "compound" for x in toks)
        if t.dep == "poss" or t.dep == "compound" and head.pos == "NOUN" and one_word:
            out.add((t.key, head.key))
        elif t.dep == "pobj" and head.lemma in ("of", "at") and head.head in by_i and by_i[head.head].pos == "NOUN":
            out.add((t.key, by_i[head.head].key))
    return out


def other_owner(ours: set[tuple[str, str]], toks) -> str | None:
    """A noun put with one name's possessive that the sentence (`toks`) gives to another name,
    and never to that one: "Facebook's parent company" for "DeepSeek's parent company"."""
    theirs = possessors(toks)
    if ours & theirs:
        return None
    return next((f"the source says {o2}'s {noun}, not {name}'s" for name, noun in sorted(ours)
                 for o2, n2 in sorted(theirs) if noun == n2 and name != o2), None)


def _swapped_roles(c: Claim, s: Sent) -> str | None:
    """Two names whose prepositions are swapped: "a grant made to A by B" is not "to B by A"."""
    def roles(toks) -> dict[str, str]:
        by_i = {t.i: t for t in toks}
        out = {}
        for t in toks:
            if t.name and t.dep == "pobj" and t.head in by_i:
                out[t.key] = by_i[t.head].lemma
        return out

    ours = roles(c.sent.toks)
    theirs = roles(s.toks)
    shared = [k for k in ours if k in theirs and ours[k] != theirs[k]]
    for a in shared:
        for b in shared:
            if a != b and ours[a] == theirs[b] and ours[b] == theirs[a]:
                return f"the source has the roles the other way round ('{theirs[a]}' {a}, '{theirs[b]}' {b})"
    return None


def _bound_words(mark: str) -> str:
    return {"<": "fewer/less than", ">": "more than", "~": "about", "": "exactly"}[mark]


def best_support(claim: Claim | str, passage: str, *, title: str = "") -> Verdict:
    """The sentence of `passage` that supports `claim`, or the nearest miss with its reason.

    `title`, the source's title, counts as said before the passage: a document titled "Go 1.5
    Bootstrap Plan" need not repeat its name in every sentence.
    """
    c = claim_of(claim) if isinstance(claim, str) else claim
    sents = analyse(passage)
    head = analyse(title) if title else ()
    best = Verdict(False, "the passage is empty")
    for i, s in enumerate(sents):
        # What a pronoun or "the company" may stand for: the title and the passage's earlier sentences.
        context = (*head, *sents[:i])
        earlier = Sent(" ".join(x.text for x in context), tuple(t for x in context for t in x.toks),
                       frozenset(), {}, frozenset()) if context else None
        if s.text.rstrip(" \"'”’)").endswith("?") and "?" not in c.sent.text:
            # A question the source asks ("Were they misled by Nvidia's inflated prices?") states
            # nothing: it is the statement's question, not its support. It supports only a claim
            # that gives it as a question ("The author asks: \"Why should investors ...?\"").
            if not best.sentence:
                best = Verdict(False, "the source only asks it", s.text)
            continue
        cells = _row_cells(s.text)
        if cells:  # a table row holds one fact per cell: each is compared on its own
            v = max((support(_as_attribute(c, header), analyse(cell)[0], earlier) for header, cell in cells),
                    key=lambda w: (w.supported, _rank(w)))
            v = Verdict(v.supported, v.reason, s.text, v.bound, v.contradicts, v.score, v.uncertain)
        else:
            v = support(c, s, earlier)
        if v.supported:
            return v
        # Among misses, one that failed only on wording comes first: a judge may still accept it.
        if _rank(v) > _rank(best) or not best.sentence:
            best = v
    return best


_CELL = re.compile(r"([^;:]{1,80}?): ([^;]+)")


def _row_cells(text: str) -> list[tuple[str, str]]:
    """A table row as `bot.tidy` writes it ("Model: DeepSeek-V3; Context Length: 128K.") read as
    one sentence per cell, each naming the row ("The Context Length of DeepSeek-V3 is 128K."),
    with its header: read as one sentence, its numbers bind to the wrong headers. [] for any
    other sentence."""
    parts = [p.strip() for p in text.rstrip(".").split("; ")]
    cells = [_CELL.fullmatch(p) for p in parts]
    if len(parts) < 2 or not all(cells):
        return []
    row = cells[0].group(2)
    return [(_header(m.group(1)), f"The {_header(m.group(1))} of {row} is {m.group(2)}.") for m in cells[1:]]


def _as_attribute(c: Claim, header: str) -> Claim:
    """A table states attributes, not events: "DeepSeek-V3 supports a context length of 128K"
    against the cell "Context Length: 128K" is compared without its verb, when the verb's object
    is that column ("a context length") and the verb is not negated."""
    heads = [t.lemma for x in analyse(header) for t in x.toks if content_word(t)]
    verbs = set()
    for v in c.predicates:
        objects = {t.i for t in c.sent.toks if t.head == v.i and t.dep in ("dobj", "attr")}
        obj = [t.lemma for t in c.sent.toks if t.i in objects or t.head in objects]
        if v.pos == "VERB" and v.i not in c.sent.negated and heads and all(
                any(related(h, w) for w in obj) for h in heads):
            verbs.add(v.key)
    if not verbs:
        return c
    return replace(c, predicates=tuple(t for t in c.predicates if t.key not in verbs),
                   content=tuple(t for t in c.content if t.key not in verbs))


def _header(words: str) -> str:
    """A column header's capitals are the header's, not a name's: "Context Length" reads as
    "context length"; "DeepSeek-V3" and "MMLU" keep theirs."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words.split())


def _rank(v: Verdict) -> tuple:
    """Which miss explains a rejection best: a sentence that says the opposite, then one that
    differs only in wording, then the one covering most of the claim."""
    return v.contradicts, round(v.score, 2), v.uncertain


def split_yes_no(sentence: str) -> tuple[str | None, str]:
    """("yes"/"no" or None, the statement after it): "No, it has fewer." -> ("no", "It has fewer.").

    A reporting frame is dropped too: "The article states that X" claims X.
    """
    m = _YES_NO.match(sentence)
    if not m:
        framed = _frame(sentence)
        if framed:
            rest = sentence[framed.end() :]
            return None, rest[:1].upper() + rest[1:]
        return None, sentence
    rest = sentence[m.end() :].strip()
    framed = _frame(rest)  # "Yes, the article states that X": the answer is X
    rest = rest[framed.end() :] if framed else rest
    return m.group(1).lower(), rest[:1].upper() + rest[1:]


def check(
    text: str,
    shown: Mapping[int, str],
    question: str = "",
    *,
    judge: Judge | None = None,
    titles: Mapping[int, str] | None = None,
) -> list[Sentence]:
    """Verdicts for every sentence of `text`, given the passages the model was shown by number.

    A sentence keeps a cited passage that supports it; otherwise it is re-cited to the shown
    passage that supports it best, or marked unsupported with the reason. A "Yes"/"No" opening
    is kept only when the question's own statement is supported (yes) or contradicted (no) by
    the cited passage; otherwise it is dropped and the statement after it is checked alone.
    Where only wording is in doubt (`Verdict.uncertain`), `judge` decides, if given.
    """
    from .compare import shown_computation as computation
    from .compare import shown_difference
    from .question import ask_of, restates, statement_of

    ask = ask_of(question) if question else None
    ignore = frozenset({ask.kind}) if ask and ask.kind else frozenset()  # "which decade": the question's word
    asked = frozenset(ask.content) if ask else frozenset()
    verdicts = []
    # "X, known as Y": a claim may name either; each is tried where the source uses the other.
    pairs = defined_aliases([*shown.values(), *(titles or {}).values()])
    for raw, cites in cited_sentences(text):
        if is_decline(raw):
            verdicts.append(Sentence(raw, (), False, reason="a decline"))
            continue
        if (difference := shown_difference(raw)) is not None:  # "1874 − 1863 = 11 years."
            right, years = difference
            holding = [n for n in [*cites, *shown] if n in shown
                       and all(re.search(rf"(?<![\d,.]){re.escape(y)}(?!\d|[,.]\d)", shown[n]) for y in years)]
            why = ("a subtraction of two numbers the passage gives" if right and holding else
                   "the subtraction is wrong" if not right else "the passage does not give both numbers")
            verdicts.append(Sentence(raw, tuple(holding[:1]) if right and holding else tuple(n for n in cites if n in shown),
                                     right and bool(holding), recited=bool(holding) and holding[0] not in cites,
                                     reason=why, evidence=shown[holding[0]] if holding else ""))
            continue
        computed = computation(raw)  # "No: X was founded in 2023 (2023 is not before 2020)."
        if computed is not None and not computed[1]:
            verdicts.append(Sentence(raw, tuple(n for n in cites if n in shown), False,
                                     reason="the computation it shows is wrong"))
            continue
        yes_no, body = split_yes_no(computed[0] if computed else raw)
        if not yes_no and body != raw and any(t.pos in ("VERB", "AUX") for x in analyse(body) for t in x.toks):
            raw = body  # "The article states that X" is shown, and checked, as X ("The article cites X" as said)
        if question and restates(body, question) and not (yes_no and statement_of(question)):
            verdicts.append(Sentence(raw, tuple(n for n in cites if n in shown), False,
                                     reason="restates the question without answering it"))
            continue
        claim = claim_of(body, ignore, asked) if body else None
        readings = [*with_aliases(body, pairs), *([swapped] if (swapped := _equation(body)) else [])] if body else []
        claims = [claim, *(claim_of(x, ignore, asked) for x in readings)] if body else []
        order = [n for n in cites if n in shown] + [n for n in shown if n not in cites]
        chosen, nearest = None, None
        for n, c in ((n, c) for n in order for c in claims):
            v = best_support(c, shown[n], title=(titles or {}).get(n, ""))
            if v.supported:
                chosen = (n, v)
                break
            if nearest is None or _rank(v) > _rank(nearest[1]):
                nearest = (n, v)
        if chosen is None and body and (trimmed := _without_apposed_names(body)) != body:
            # "Hangzhou, China" where the source says "from Hangzhou": the draft's own addition.
            # What is left says less; it is checked instead, and shown if it holds.
            shorter = claim_of(trimmed, ignore, asked)
            raw, body, claim = (trimmed if raw == body else raw.replace(body, trimmed)), trimmed, shorter
            nearest = None
            for n in order:
                v = best_support(shorter, shown[n], title=(titles or {}).get(n, ""))
                if v.supported:
                    chosen = (n, replace(v, reason=f"{v.reason} (without the name the draft set beside another)"))
                    break
                if nearest is None or _rank(v) > _rank(nearest[1]):
                    nearest = (n, v)
        if chosen is None and nearest and nearest[1].uncertain and judge is not None and not (
                claim and _borrowed(claim, nearest[1].sentence, shown.values())):
            n, v = nearest
            if judge(body, v.sentence):
                chosen = (n, Verdict(True, f"judged by the model ({v.reason}, a paraphrase)", v.sentence, v.bound,
                                     score=v.score))
        if yes_no and question and statement_of(question) is None and body:
            raw = body  # "Yes, ..." to a question that is no yes/no question: the statement alone
        elif yes_no and question:
            polar = _yes_no_holds(yes_no, question, shown[chosen[0]] if chosen else "",
                                  [shown[n] for n in order], judge)
            if polar is not None:
                if chosen is None and polar[0]:
                    n = next(k for k in order if shown[k] == polar[0])
                    chosen = (n, polar[1])
                    if not body:  # a bare "Yes.": show the sentence that entails it
                        raw = f"{yes_no.capitalize()}: {polar[1].sentence}"
                elif not polar[0]:
                    raw = body or raw  # the Yes/No is not entailed: keep only the statement
        if claim is None and chosen is None:
            verdicts.append(Sentence(raw, (), False, reason="a bare yes or no that no passage entails"))
            continue
        if chosen:
            n, v = chosen
            recited = bool(cites) and n not in cites
            verdicts.append(Sentence(raw, (n,), True, recited=recited, reason=v.reason, evidence=v.sentence))
        else:
            reason = nearest[1].reason if nearest else "no passage was shown"
            ev = nearest[1].sentence if nearest else ""
            verdicts.append(Sentence(raw, tuple(n for n in cites if n in shown), False, reason=reason, evidence=ev))
    return verdicts


def _borrowed(c: Claim, evidence: str, passages: Iterable[str]) -> bool:
    """A verb of the claim that its evidence sentence does not use, but another sentence of the
    passages does, of another subject and with another of the claim's words the evidence lacks:
    the draft moved that actor's event onto this sentence's facts, which is no paraphrase for
    the judge to weigh. "DeepSeek charges a low cost of just $6 million for access" over "... at
    a remarkably low cost of just $6 million", where the charging (for access) is "Many large
    firms ... rely on charging users for model access", another paragraph's. The same subject's
    verb ("how did DeepSeek achieve these results?") may frame an answer, and a verb alone
    ("maintained" the dollar's standing, where U.S. strategies "struggle to maintain hegemony")
    may be the draft's own word."""
    said = [t for x in analyse(evidence) for t in x.toks]
    unsaid = {t.lemma for t in c.sent.toks if content_word(t) and not t.name and not any(_matches(t, x) for x in said)}

    def actor(s: Sent, verb: Tok) -> set[str]:
        return {t.key for t in s.subject_of(verb) if t.name or content_word(t)}

    for p in (p for p in c.predicates if p.pos == "VERB" and p.lemma in unsaid):
        ours = actor(c.sent, p)
        if ours and any(s.text.strip() != evidence.strip() and len(unsaid & {x.lemma for x in s.toks}) > 1
                        and (theirs := actor(s, t)) and not ours & theirs
                        for text in passages for s in analyse(text)
                        for t in s.toks if t.lemma == p.lemma and t.pos == "VERB"):
            return True
    return False


def _without_apposed_names(text: str) -> str:
    """`text` without a name set after a comma beside another name ("Hangzhou, China", "Paris,
    France"): the model's own knowledge of where the first one is. The caller keeps what is
    left only when a source states it; it says less, never something else."""
    sents = analyse(text)
    if len(sents) != 1:
        return text
    toks = sents[0].toks
    by_i = {t.i: t for t in toks}
    out = text
    # "Microsoft, Google, and Apple" is a list, which the parser may read as an apposition.
    listed = {t.head for t in toks if t.dep in ("cc", "conj")}
    for t in toks:
        head = by_i.get(t.head)
        comma = by_i.get(t.i - 1)
        if not (t.name and t.dep == "appos" and head is not None and head.name and comma is not None
                and comma.text == "," and all(x.i <= t.i for x in sents[0].subtree(t))) or t.head in listed:
            continue
        phrase = sents[0].subtree(t)
        words = r"\s*".join(re.escape(x.text) for x in phrase)
        out = re.sub(rf",\s*{words}(?=\W|$)", "", out, count=1)
    return out


def _identity_unstated(c: Claim, s: Sent) -> str | None:
    """An identity ("DeepSeek is the parent company of Meta", "Facebook's parent company is Meta")
    holds only where the source links its two sides directly: as an apposition ("Meta,
    Facebook's parent company"), a name with its title ("CEO Jane Doe"), or around "is". Both
    sides in one sentence say nothing of each other. None when stated, or no identity."""
    toks = c.sent.toks
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None or root.lemma != "be" or not c.sent.text or len(analyse(c.text)) != 1:
        return None
    subj = next((t for t in toks if t.head == root.i and t.dep == "nsubj"), None)
    attr = next((t for t in toks if t.head == root.i and (t.dep == "attr" or t.dep == "acomp" and t.name)), None)
    if subj is None or attr is None or not (subj.name or attr.name):
        return None
    described = c.sent.subtree(attr)
    if not (attr.name or any(t.head == attr.i and (t.dep == "poss" or t.lemma == "the") for t in described)):
        return None  # "DeepSeek is a company": a description, checked as any claim
    ones = [x for x in s.toks if _matches(subj, x)]
    others = [x for x in s.toks if _matches(attr, x)]

    def linked(a: Tok, b: Tok) -> bool:
        if a.head == b.i and a.dep in ("appos", "compound", "nmod", "poss") or b.head == a.i and b.dep in (
                "appos", "compound", "nmod", "poss"):
            return True
        head = s.toks[a.head] if 0 <= a.head < len(s.toks) else None
        return a.head == b.head and head is not None and head.lemma == "be" and {a.dep, b.dep} <= {"nsubj", "attr", "acomp"}

    if any(linked(a, b) for a in ones for b in others):
        return None
    return f"the source does not say that {subj.text} is {attr.text}"


def _equation(text: str) -> str | None:
    """An identity read the other way round: "Facebook's parent company is Meta." is "Meta is
    Facebook's parent company.", which a source may state as an apposition ("Meta, Facebook's
    parent company, ..."). Only for "A is B" with nothing else in the sentence, B a name or a
    definite description; "DeepSeek is a company" is no identity. None otherwise."""
    sents = analyse(text)
    if len(sents) != 1:
        return None
    toks = sents[0].toks
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None or root.lemma != "be" or root.i in sents[0].negated:
        return None
    kids = [t for t in toks if t.head == root.i and t.i != root.i and t.pos != "PUNCT"]
    subj = [t for t in kids if t.dep == "nsubj"]
    attr = [t for t in kids if t.dep == "attr" or t.dep == "acomp" and t.name]  # "is Meta": a name, however parsed
    if len(kids) != 2 or len(subj) != 1 or len(attr) != 1 or subj[0].i > attr[0].i:
        return None
    described = sents[0].subtree(attr[0])
    if not (attr[0].name or any(t.head == attr[0].i and (t.dep == "poss" or t.lemma == "the") for t in described)):
        return None
    verb = re.search(rf"\b{re.escape(root.text)}\b", text)
    a, b = text[: verb.start()].strip(), text[verb.end() :].strip().rstrip(".!?").strip()
    if not a or not b:
        return None
    a = a if toks[0].name else a[:1].lower() + a[1:]  # "The parent ..." -> "the parent ..."
    return f"{b[:1].upper()}{b[1:]} {root.text} {a}."


def _yes_no_holds(answer: str, question: str, cited: str, passages: list[str], judge: Judge | None = None):
    """(True, verdict) when the question's statement is entailed (for yes) or contradicted (for
    no) by a passage; (False, None) when not; None when the question is not a yes/no question."""
    from .question import statement_of

    statement = statement_of(question)
    if statement is None:
        return None
    doubtful = None  # the passage whose sentence comes nearest to the statement, in other words
    for passage in [cited] + passages if cited else passages:
        if not passage:
            continue
        v = best_support(statement, passage)
        if answer == "yes" and v.supported or answer == "no" and v.contradicts:
            return passage, v
        if answer == "yes" and v.uncertain and (doubtful is None or _rank(v) > _rank(doubtful[1])):
            doubtful = (passage, v)
    # The judge reads one sentence, the nearest: asked of every passage in turn, it cost a
    # second and more each (24 calls for one yes/no question over a 45-passage document).
    if doubtful is not None and judge is not None and judge(statement, doubtful[1].sentence):
        passage, v = doubtful
        return passage, Verdict(True, f"judged by the model ({v.reason}, a paraphrase)", v.sentence, v.bound,
                                score=v.score)
    return False, None
