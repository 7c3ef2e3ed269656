"""Turn a follow-up question into a standalone one, from the conversation before it, without the model.

The rewrite reads the question's structure (spaCy's parse), not the model's rewording (measured
and dropped, see below):

- a pronoun ("it", "its", "they", "he"...) becomes the name it stands for: the previous
  question's main name, else the previous answer's first, of the right kind ("he" and "she"
  only a person, "it" and "its" never one; "they" names joined by "and", else a plural
  subject such as "American tech leaders", else an organisation). A pronoun whose name is in
  the question itself ("Did DeepSeek keep its code?") and the "it" of "Is it true that..."
  are left alone;
- "there" becomes "in" the place last named, else "at" the organisation ("how many people work
  there" -> "... at DeepSeek"); chat shorthand is written out first ("ppl", "r", `spelled_out`);
- "that drop", "those companies": when the previous exchange has a phrase with the same noun,
  it takes that phrase's place;
- the "it" that tells about a clause ("Does it say ...?") is the article (`_the_text`), and a
  named topic set out before a dash or colon takes the place the question points at
  (`_topic_in_place`).

First the conversational frame goes (`core`: "OK, and where is it from?" -> "Where is it
from?"), and when the previous exchange names nothing of the right kind, a pronoun stands for
the main name of the question before it (the conversation's topic).

An ellipsis ("And Google and Microsoft?", `elliptical`) is left as typed: the model reads it
with the conversation, which it hears for nothing else. Spelling it out as the previous
question about the new name was measured on the dev conversations and lost answers the short
form got, and so did reading a pronoun after a declined question as that question's subject;
see the README's Evaluation. A "that" standing alone stands for what the previous answer said
(`_what_was_said`), unless that exchange was declined.
Each earlier question is resolved the same way in turn, so a chain of follow-ups keeps its
subject. What stays unresolved is told apart (`unresolved`), and is never answered by a quote
picked by its words alone. Asking the model to rewrite such a follow-up was measured and
dropped (README, Evaluation): of the dev conversations' 8 turns it was asked about, it kept the
question's words in 5 and pointed 2 of those at the wrong thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import communicates
from .parse import parse
from .text import cited_sentences, sentences

PERSONAL = frozenset("he him his she her".split())
NEUTER = frozenset("it its".split())
PLURAL = frozenset("they them their".split())
DEMONSTRATIVES = frozenset("that this those these".split())


@dataclass(frozen=True)
class Resolved:
    """A follow-up made standalone (`question`), and the question before it, resolved.
    `elides`: for an ellipsis that asks for nothing of its own ("And Google?", "the parent?"),
    the nearest question before it that does, whose wh-word it keeps ("When was DeepSeek
    founded?"); else ""."""

    question: str
    previous: str = ""
    elides: str = ""


def resolve(question: str, history: list[dict] | None, *, after_decline: bool = False) -> Resolved:
    """`question` made standalone from `history`: the plain conversation before it (user and
    assistant messages, oldest first, as `rag.clean_history` gives it, which leaves out an
    exchange that ended in a decline). `after_decline`: the exchange just before `question`
    was such a one, so a bare "that" points at nothing said (not at the answer before it)."""
    earlier: list[str] = []  # the resolved questions before the previous one, oldest first
    previous, answer = "", ""
    for m in history or []:
        if m.get("role") == "user":
            resolved = _resolve(m["content"], previous, answer, earlier)
            if previous:
                earlier.append(previous)
            previous, answer = resolved, ""
        elif m.get("role") == "assistant":
            answer = m["content"]
    resolved = _resolve(question, previous, answer, earlier, refer=not after_decline)
    elides = ""
    # After a declined exchange (left out of `history`), what the ellipsis elides is not known:
    # "ok and trump?" after a declined "so he wants to buy deepseek?" is no "how many ...?".
    if previous and not after_decline and _asks_nothing(resolved):
        elides = next((q for q in [previous, *reversed(earlier)] if not _asks_nothing(q) or _asks_a_kind(q)), "")
    return Resolved(resolved, previous, elides)


def standalone(question: str, history: list[dict] | None) -> str:
    return resolve(question, history).question


def core(question: str) -> str:
    """The question without the conversational frame around it, which names nothing and asks
    nothing: a preamble sentence before it ("OK.", "Great, thanks."), an interjection before a
    comma and a linking "and"/"so" ("OK, and where is DeepSeek from?"), and a request to tell
    ("Remind me what Nvidia is known for making?", "Can you tell me when ..."). Left in, their
    words were read as the question's terms ("OK" as a name no source mentions, so the question
    was declined unanswered)."""
    text = spelled_out(question.strip())
    parts = sentences(text)
    while len(parts) > 1 and not parts[0].rstrip().endswith("?") and _empty(parse(parts[0]), len(parse(parts[0]))):
        text = text[len(parts[0]):].lstrip()
        parts = parts[1:]
    doc = parse(text)
    start = 0
    comma = next((t.i for t in doc if t.text in (",", "—", "–", "-")), None)
    if comma is not None and 0 < comma <= 2 and _empty(doc, comma):
        start = comma + 1  # "OK, ...", "Oh, ...", "Right, ..."
    while start < len(doc) and (doc[start].tag_ == "UH" or start and doc[start].is_punct):
        start += 1  # "Okay so why ...", "Hm. How is ..."
    while start < len(doc) - 1 and doc[start].lower_ in ("and", "so", "then", "but") and (
            doc[start + 1].tag_ in ("WDT", "WP", "WP$", "WRB", "MD") or doc[start + 1].pos_ == "AUX"):
        start += 1  # "and where is ...", "so how do ..."
    # "(Can you) tell me / remind me when ...": the embedded question is what is asked.
    for t in doc[start:]:
        if t.dep_ == "ROOT":
            if t.lemma_.lower() in ("tell", "remind", "show") and any(c.lower_ == "me" for c in t.children):
                wh = next((w for w in doc[t.i + 1:] if w.tag_ in ("WDT", "WP", "WP$", "WRB")), None)
                if wh is not None and all(w.lower_ == "me" or w.is_punct for w in doc[t.i + 1 : wh.i]):
                    start = wh.i
            break
    rest = doc[start:].text.strip() if start < len(doc) else ""
    rest = _without_return(rest) if rest else rest
    if rest == text:
        return text
    return rest[:1].upper() + rest[1:] if rest and rest.rstrip("?.! ") else text


# Chat shorthand, in lower case and standing alone: "how many ppl work there", "r they hiring",
# "google n microsoft". Left as typed, "ppl" was a word no source uses, and "how many ppl"
# counted nothing the question could be answered by.
_SHORTHAND = {"ppl": "people", "abt": "about", "govt": "government", "yr": "year", "yrs": "years", "tho": "though",
              "bc": "because", "b/c": "because", "w/": "with", "r": "are", "u": "you", "n": "and", "pls": "please",
              "plz": "please", "thx": "thanks"}
_SHORT = re.compile(r"(?<![\w'’/.&-])(%s)(?![\w'’/.&-])"
                    % "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True)))


def spelled_out(question: str) -> str:
    """`question` with chat shorthand written out ("how many ppl work there" -> "how many
    people work there"); a capital ("R", "N") or a letter in a name ("R1", "U.S.") is left."""
    return _SHORT.sub(lambda m: _SHORTHAND[m.group(1)], question)


# "Going back to the dollar: ...", "Back to the debt - ...", "Returning to X, ...": the move
# back names nothing; the topic it names stays, set out before the question.
_RETURN = re.compile(r"^(?:(?:going|coming|getting|turning)\s+)?back(?:\s+a\s+(?:bit|moment|sec(?:ond)?))?(?:\s+to\b)?"
                     r"|^returning\s+to\b", re.I)


def _without_return(text: str) -> str:
    """`text` without a move back to an earlier topic ("Going back to the dollar: what has
    propped it up?" -> "The dollar: what has propped it up?"); a move back to nothing named
    ("Going back a bit - what was DeepSeek aiming to do?") goes with its dash. Left in, "back"
    and "going" were read as terms the answer must hold."""
    m = _RETURN.match(text)
    if not m:
        return text
    parts = re.split(r"\s*([:\u2014\u2013,]|\s-\s)\s*", text, maxsplit=1)
    if len(parts) < 3 or not parts[2]:
        return text
    frame, sep, question = parts
    topic = frame[m.end():].strip()
    if not topic:
        return question
    return f"{topic}{sep if sep in (':', ',') else ' ' + sep.strip()} {question}"


def _empty(doc, end: int) -> bool:
    """The first `end` tokens name and ask nothing: no noun, name, number, verb or wh-word."""
    return all(t.is_punct or t.tag_ not in ("NN", "NNP", "NNPS", "CD", "WDT", "WP", "WP$", "WRB", "IN", "DT", "TO", "CC",
                                            "JJR", "JJS", "RBR", "RBS") and
               t.pos_ not in ("VERB", "AUX", "PROPN", "NUM") or t.lower_ in ("thanks", "thank", "ok", "okay")
               for t in doc[:end]) and sum(not t.is_punct for t in doc[:end]) <= 3


def _resolve(question: str, previous: str, answer: str, earlier: list[str], *, refer: bool = True) -> str:
    question = _topic_in_place(core(question))
    if not previous:
        return question
    doc = parse(question)
    if elliptical(question):
        return question  # an ellipsis: see the module's note
    resolved = _references(question, doc, previous, answer, earlier)
    return _what_was_said(resolved, answer) if refer else resolved


# What may link a topic set out in front to what came before: "And ...", "What about ...".
_LEAD = re.compile(r"^(?:and|so|but|then|now|what about|how about|as for)\s+", re.I)


def _topic_in_place(question: str) -> str:
    """A named topic set out before the question, then a dash or colon ("And its parent firm —
    how long has that been doing AI work?", "Back to Nvidia: was DeepSeek trying to beat
    them?"), put where the question points at it: its first pronoun or bare "that" ("How long
    has its parent firm been doing AI work?"). Left set out, the "that" was read as the previous
    answer and the pronoun as the previous question's subject. Otherwise the topic stays in
    front, without a linking "and" or "what about"."""
    doc = parse(question)
    sep = next((t for t in doc if t.text in (":", "\u2014", "\u2013", "-") and t.whitespace_), None)
    # A question typed without its "?" ("back to nvidia - what are their chips known for")
    # is one when what follows the dash starts as a question does.
    if sep is None or not (question.rstrip().endswith("?") or sep.i + 1 < len(doc) and (
            doc[sep.i + 1].tag_ in ("WDT", "WP", "WP$", "WRB") or doc[sep.i + 1].pos_ == "AUX")):
        return question
    head, rest = doc[: sep.i], doc[sep.i + 1:]
    if any(t.pos_ in ("VERB", "AUX") for t in head) or not any(t.pos_ in ("NOUN", "PROPN") for t in head) or not any(
            t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.pos_ == "AUX" for t in rest):
        return question
    lead = _LEAD.match(head.text)
    topic = head.text[lead.end():] if lead else head.text
    target = next((t for t in rest if t.tag_ in ("PRP", "PRP$") and t.lower_ in NEUTER | PLURAL and not _extraposed(t)
                   or t.lower_ in ("that", "this") and t.pos_ == "PRON"
                   and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")), None)
    if target is None or not any(t.pos_ == "PROPN" or t.tag_ in ("PRP$", "POS") for t in head):
        # A topic that names nothing ("The company — how well known was it?") is left to stand
        # where it is: the pronoun then takes the name the conversation gives it.
        return _capital(question[lead.end():]) if lead else question
    first = next(t for t in head if t.idx >= head.start_char + (lead.end() if lead else 0))  # the topic's first word
    if first.tag_ in ("DT", "PRP$"):
        topic = topic[:1].lower() + topic[1:]  # "The dollar" inside the question: "the dollar"
    if target.tag_ == "PRP$" or target.lower_ == "its":
        topic = re.sub(r"['’]s$", "", topic) + "'s"
    at, base = target.idx - rest.start_char, rest.start_char
    text = question[base:]
    return _capital(text[:at] + topic + text[at + len(target.text):])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def elliptical(question: str) -> bool:
    """No verb ("And Google and Microsoft?", "What about the headcount?"), or nothing named
    ("compared by who", "warned about what"): the question says what it asks only with the
    conversation before it."""
    doc = parse(question)
    return not any(t.pos_ in ("VERB", "AUX") for t in doc) or _names_nothing(doc)


def _names_nothing(doc) -> bool:
    """No noun, name, number or pronoun other than a wh-word: "compared by who"."""
    return not any(t.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and t.tag_ not in ("WDT", "WP", "WP$") for t in doc)


def _asks_nothing(question: str) -> bool:
    """An ellipsis with no wh-word ("And Google and Microsoft?", "the parent?", "just msft?")
    or naming nothing ("compared by who"): what it asks for, or what of, is what the question
    it elides asked. Read alone, any sentence with its words passed as its answer: "the
    parent?" after "When was DeepSeek set up?" was answered "DeepSeek's parent company is
    Meta", with no date; "compared by who" by a sentence of another source about another thing."""
    doc = parse(question)
    return elliptical(question) and (not any(t.tag_ in ("WDT", "WP", "WP$", "WRB") for t in doc) or _names_nothing(doc))


def _asks_a_kind(question: str) -> bool:
    """An ellipsis that asks for a kind of answer of its own ("in dollars?", "how much?", "since
    when"): the question a later ellipsis elides. "and microsoft?" after "in dollars?" asks for
    Microsoft's loss in dollars, not for what the question before "in dollars?" asked."""
    from .question import ask_of  # here: question.py imports this module
    return ask_of(question).wants in ("amount", "date", "name", "place")


def _what_was_said(question: str, answer: str) -> str:
    """A "that" standing alone ("When was that?", "What led to that?", "How much is that in
    dollars?") stands for what the previous answer said: its first statement follows it in
    parentheses, so the question names what it asks about ("When was that (Microsoft, Google,
    and Apple became leaders thanks to internet technology)?"). Left bare, no source sentence
    could be bound to it and it was declined, though the same question asked with its subject
    spelled out was answered."""
    said = _statement(answer)
    if not said:
        return question
    doc = parse(question)
    t = _bare_demonstrative(doc)
    if t is None:
        return question
    end = t.idx + len(t.text)
    return f"{question[:end]} ({said}){question[end:]}"


def _statement(answer: str) -> str:
    """The previous answer's first statement, as plain text: no [n] markers, no bare Yes/No."""
    for s, _ in cited_sentences(answer or ""):
        s = re.sub(r"^(yes|no)\b[,.]?\s*", "", s, flags=re.I).rstrip(" .!?")
        if len(s.split()) >= 3:
            return s[:1].upper() + s[1:]
    return ""


def unresolved(question: str) -> bool:
    """The question leans on something it does not name: "that" or "those" standing alone
    ("When was that?", "What led to that?"), or a pronoun in a question that names nothing
    else it could stand for ("What did they warn about?", "What GPUs did it train on?").
    Such a question says what it asks only with the conversation, so no source sentence can
    be picked for it by its words alone."""
    doc = parse(question)
    named = any(t.pos_ in ("NOUN", "PROPN") and not _asked(t) for t in doc)
    if _bare_demonstrative(doc) is not None:
        return True
    for t in doc:
        lower = t.lower_
        if not named and t.tag_ in ("PRP", "PRP$") and (lower in PERSONAL or lower in NEUTER or lower in PLURAL):
            if not _extraposed(t):
                return True
    return False


def _bare_demonstrative(doc):
    """The "that"/"those" standing alone for what was said ("When was that?"; "this" also
    points at the article itself, "that of X" at what follows), as a pronoun, not a relative
    "that" (WDT) or a determiner; None when there is none, or when its referent follows it in
    parentheses (as `_what_was_said` writes it)."""
    for t in doc:
        if t.lower_ in ("that", "those") and t.tag_ in ("DT", "IN") and t.dep_ in (
                "nsubj", "nsubjpass", "dobj", "pobj", "attr") and not any(c.lower_ == "of" for c in t.children) and (
                not any(a.dep_ in ("relcl", "acl") for a in t.ancestors)  # "the experts that labs hire"
                and not any(p.text in (",", ":", ";") for p in doc[: t.i])  # "Adding X to Y, what is that?"
                and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "(")):
            return t
    return None


# -- names -------------------------------------------------------------------------------------

def _name_spans(doc) -> list:
    """Runs of proper nouns (with their "and" partners: "Google and Microsoft"), first to last."""
    spans, i = [], 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].tag_ != "POS":
            j = i
            while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text in (".", "-") and
                                        j + 2 < len(doc) and doc[j + 2].pos_ == "PROPN"):
                j += 1
            spans.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    joined = []
    for s in spans:  # "Google and Microsoft", "Microsoft, Google, and Apple": one referent for "they"
        link = [t.lower_ for t in doc[joined[-1].end : s.start]] if joined else []
        if link and link[-1] in ("and", "&") and link[:-1] in ([], [","]) or link == [","] and _listed(doc, s):
            joined[-1] = doc[joined[-1].start : s.end]
        else:
            joined.append(s)
    return joined


def _listed(doc, span) -> bool:
    """`span` is followed by the rest of a list of names ending in "and": "Google, and Apple"."""
    i = span.end
    while i < len(doc) and (doc[i].pos_ == "PROPN" or doc[i].text == ","):
        i += 1
    return i < len(doc) and doc[i].lower_ in ("and", "&")


def _names(doc) -> list:
    """Name spans that stand for something ("Nvidia", "Google and Microsoft"), not names used
    as a modifier of another noun ("AI services", "American companies")."""
    return [s for s in _name_spans(doc) if s.root.dep_ not in ("compound", "amod", "nmod")]


def _is_person(span) -> bool:
    return any(t.ent_type_ == "PERSON" for t in span)


def _in_main_clause(span) -> bool:
    """Not in an adverbial or relative clause ("after DeepSeek showed up", "which DeepSeek
    built"): the name the question is about, not the circumstance."""
    t = span.root
    while t.head.i != t.i:
        t = t.head
        if t.dep_ in ("advcl", "relcl", "acl") and t.pos_ in ("VERB", "AUX"):
            return False
    return True


def _candidates(previous: str, answer: str, earlier: list[str]) -> list:
    """Names the follow-up may speak of: the previous question's main-clause names, then the
    previous answer's, then the previous question's others; then, nearest first, the
    main-clause names of the questions before it (the conversation's topic, when the previous
    exchange named nothing: "Is there a concrete example?" then "What did it train on?")."""
    doc = parse(previous)
    # A name the question asks for ("What GPU did DeepSeek train on?") is a kind, not a referent.
    asked = [s for s in _names(doc) if not _asked(s.root) and not (
        s.start and doc[s.start - 1].lower_ in ("what", "which"))]  # also where the parse missed it
    main = [s for s in asked if _in_main_clause(s)]
    said = _names(parse(answer)) if answer else []
    before = [s for q in reversed(earlier) for s in _names(parse(q)) if _in_main_clause(s)]
    if said and _subject_asked(doc):
        # The previous question asked who did it ("Which bank has warned about DeepSeek's
        # effects?"): the answer's name is its subject now, and what a pronoun stands for
        # ("What did it say could be affected?" is about Deutsche Bank, not DeepSeek).
        return said + main + [s for s in asked if s not in main] + before
    return main + said + [s for s in asked if s not in main] + before


def _subject_asked(doc) -> bool:
    """The question's main subject is what it asks for, the doer of its verb: "Who warned
    ...?", "Which bank has warned ...?"; not "Which city does DeepSeek come from?", nor a
    question on "be" ("Which city is DeepSeek from?", parsed with "city" as its subject)."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.head.lemma_ != "be"
               and (t.tag_ in ("WP", "WDT") or _asked(t)) for t in doc)


def _groups(previous: str, answer: str) -> list[str]:
    """Plural subjects "they" may stand for ("American tech leaders", "Chinese AI firms"): the
    previous question's, then the previous answer's."""
    found = []
    for text in (previous, answer):
        for t in parse(text) if text else ():
            if t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN":
                words = _modified(t)
                if not any(w.tag_ in ("PRP", "PRP$") for w in words):
                    found.append(_join(words))
    return found


# What may describe a noun from its left and belong to its phrase.
_MODIFIERS = frozenset("amod compound nmod nummod poss case quantmod npadvmod advmod".split())


def _modified(noun) -> list:
    """`noun` with the words before it that describe it ("Chinese AI firms", "Nvidia's market
    capitalization"), not its determiner."""
    words, j = [noun], noun.i - 1
    while j >= 0 and noun.doc[j].dep_ in _MODIFIERS and noun in noun.doc[j].ancestors:
        words.insert(0, noun.doc[j])
        j -= 1
    return words


def _join(words) -> str:
    return re.sub(r"\s+(['’]s)\b", r"\1", " ".join(w.text for w in words))


def _text(span) -> str:
    return re.sub(r"['’]s$", "", span.text).strip()


# -- pronouns and demonstratives -----------------------------------------------------------------

def _extraposed(t) -> bool:
    """The "it" of "Is it true that...", "What did it cost them to...": it stands for the
    clause that follows, not for a name."""
    head = t.head
    return t.dep_ == "expl" or (
        t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > t.i for c in head.children)
        and any(c.dep_ in ("acomp", "attr", "dative") or c.dep_ == "dobj" and c.i > t.i for c in head.children))


def _bound_here(t, doc) -> bool:
    """The pronoun can stand for something earlier in the question itself: a name of its kind
    ("Did DeepSeek keep its code?"), for "they" a plural noun, for "it" a noun set out before a
    comma or colon, or a noun subject of its clause ("Did the company keep its code?")."""
    lower = t.lower_
    verb = t.head if t.dep_ != "poss" else t.head.head
    for span in _names(doc):
        if span.end <= t.i and (_is_person(span) if lower in PERSONAL else not _is_person(span)) and not (
                _clause_mate(span.root, t, verb)):
            return True
    if lower in PERSONAL:
        return False
    if lower in PLURAL and any(w.tag_ in ("NNS", "NNPS") for w in doc[: t.i]):
        return True  # "How do big AI firms make back what they invested?"
    if lower in NEUTER and any(w.tag_ in ("NN", "NNP") and any(p.text in (",", ":", ";") for p in doc[w.i + 1 : t.i])
                               for w in doc[: t.i]):
        return True  # a topic set out before it: "Going back to the dollar: what has propped it up?"
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") and c.i < t.i
               and not _clause_mate(c, t, verb) and not _asked(c) for c in verb.children)


def _clause_mate(word, pronoun, verb) -> bool:
    """`word` is the subject of the pronoun's own verb, which a pronoun other than a possessive
    never stands for: in "Which company owns it?" or "Did Nvidia lose it?" "it" is something
    else ("Did Nvidia keep its value?" is bound)."""
    return pronoun.dep_ != "poss" and word.head == verb and word.dep_ in ("nsubj", "nsubjpass")


def _asked(noun) -> bool:
    """A noun under "which"/"what" is what the question asks for ("Which city is it from?"),
    not something a pronoun can stand for; so is what a request asks the bot to give ("give me
    the tldr", "show me the figures": the object of a verb whose other object is "me")."""
    if any(c.tag_ in ("WDT", "WP") and c.dep_ == "det" for c in noun.children):
        return True
    verb = noun.head
    return noun.dep_ == "dobj" and verb.dep_ == "ROOT" and verb.tag_ == "VB" and any(
        c.lower_ == "me" and c.dep_ in ("dative", "iobj") for c in verb.children)


def _referent(lower: str, candidates: list, groups: list[str]) -> str | None:
    if lower in PERSONAL:
        pick = [_text(s) for s in candidates if _is_person(s)]
    elif lower in PLURAL:  # names joined by "and", a plural subject, else an organisation
        pick = [_text(s) for s in candidates if " and " in s.text] + groups + [
            _text(s) for s in candidates if not _is_person(s)]
    else:  # "it" is one thing: not a person, nor names joined by "and" ("OpenAI and Google")
        pick = [_text(s) for s in candidates if not _is_person(s) and " and " not in s.text]
    return pick[0] if pick else None


def _references(question: str, doc, previous: str, answer: str, earlier: list[str]) -> str:
    """Pronouns replaced by the names they stand for, "that drop" by the earlier phrase."""
    edits: list[tuple[int, int, str]] = []  # (start_char, end_char, replacement)
    resolved = []  # the word each edit replaces
    candidates, groups = None, []
    for t in doc:
        lower = t.lower_
        if t.tag_ in ("PRP", "PRP$") and (lower in PERSONAL or lower in NEUTER or lower in PLURAL):
            if _extraposed(t) or _bound_here(t, doc):
                continue
            if candidates is None:
                candidates, groups = _candidates(previous, answer, earlier), _groups(previous, answer)
            name = "the article" if _the_text(t, previous, answer) else _referent(lower, candidates, groups)
            if name:
                possessive = t.tag_ == "PRP$" or lower == "its"
                edits.append((t.idx, t.idx + len(t.text), f"{name}'s" if possessive else name))
                resolved.append(t)
        elif lower == "there" and t.tag_ == "RB" and t.dep_ == "advmod":
            # "how many people work there": in the place last named, else at the organisation
            # (not the "there" of "is there ...", an expletive).
            if candidates is None:
                candidates, groups = _candidates(previous, answer, earlier), _groups(previous, answer)
            places = [s for s in candidates if s.root.ent_type_ in ("GPE", "LOC")]
            place = next(iter(places + [s for s in candidates if not _is_person(s) and " and " not in s.text]), None)
            if place is not None:
                edits.append((t.idx, t.idx + len(t.text), f"{'in' if place in places else 'at'} {_text(place)}"))
                resolved.append(t)
        elif lower in DEMONSTRATIVES and t.dep_ == "det" and t.head.pos_ == "NOUN":
            phrase = _earlier_phrase(t.head, previous, answer)
            if phrase:
                edits.append((t.idx, t.head.idx + len(t.head.text), phrase))
                resolved.append(t)
    # Two pronouns of one clause are two things ("What did they compare it to?"): when both
    # would take the same name, which one it is cannot be told, so neither takes it.
    taken = [(t, e) for t, e in zip(resolved, edits) if t.tag_ == "PRP"]
    clash = {id(e) for t, e in taken for u, f in taken if t is not u and t.head == u.head and e[2] == f[2]}
    for start, end, new in sorted((e for e in edits if id(e) not in clash), reverse=True):
        question = question[:start] + new + question[end:]
    return question


# What the conversation calls the text the bot answers from.
_TEXT = frozenset("article author writer text piece story report source document".split())


def _the_text(pronoun, *texts: str) -> bool:
    """The "it" that tells something about a clause ("Does it say the effect goes beyond
    tech?", "Which companies does it say were dismayed?", "What does it say about the gap?")
    is the article, unless the previous exchange (`texts`) has a teller of its own ("Which
    institution warned ...?" then "What did it say could be affected?"). Read as the previous
    question's subject, it had become "Does United States say ...?"."""
    verb = pronoun.head
    if pronoun.lower_ != "it" or pronoun.dep_ != "nsubj" or not communicates(verb.lemma_) or not any(
            c.dep_ == "ccomp" or c.dep_ == "prep" and c.lower_ == "about" for c in verb.children):
        return False
    return not any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in _TEXT
                   and communicates(t.head.lemma_) for text in texts if text for t in parse(text))


def _earlier_phrase(noun, previous: str, answer: str) -> str | None:
    """The previous question's or answer's phrase for the same noun, with the words before it
    that describe it ("that capitalization" -> "Nvidia's market capitalization"); None when the
    earlier phrase adds nothing or leans on a pronoun itself."""
    for text in (previous, answer):
        for t in parse(text) if text else ():
            if t.pos_ == "NOUN" and t.lemma_.lower() == noun.lemma_.lower():
                words = _modified(t)
                if len(words) < 2 or any(w.tag_ in ("PRP", "PRP$") for w in words):
                    return None
                return _join(words)
    return None
