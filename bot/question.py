"""What a question asks for, and whether a sentence answers it.

A sentence can be true and still not answer: "DeepSeek was established in 2023" is no answer
to "When was DeepSeek's parent company established?". An answer must fill what the question
asks for (a date, an amount, a name, a place, a reason, Yes/No), with the question's own terms
bound in the same source clause as the answer, and must say something the question did not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .followup import unresolved
from .text import stem
from .lexicon import communicates, known, measured, physical
from .parse import LIGHT_VERBS, STOPWORDS, QUANTITY_WORDS, Sent, Tok, analyse, content_word, currency_symbol, missing_names, parse, phrasal, short_for
from .verify import Claim, alike, claim_of, covers, other_kind, other_owner, possessors, related

_AUX = {"is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will",
        "would", "should", "may", "might", "must", "isn't", "aren't", "wasn't", "weren't", "doesn't",
        "didn't", "hasn't", "haven't", "can't", "won't"}
_OVERVIEW = re.compile(
    r"\b(summar\w*|overview|gist|tl;?dr|main (?:point|argument|idea|message|claim|takeaway)s?|"
    r"key (?:point|takeaway)s?|conclu\w+)\b|\bwhat(?:'s| is| was)? (?:this|the) (?:article|document|text|"
    r"story|piece|paper|report|source)\b.*\babout\b|\bwhat does (?:this|the) (?:article|document|text|"
    r"piece|paper|report|author) (?:say|argue|claim)\s*\??\s*$|"
    r"^\s*what(?:'s| is| was)? this (?:all |one )?about\s*\??\s*$",  # "what's this about?": the document
    re.I,
)
# The words a request for a summary is made of ("give me a quick summary of the article's main
# points"): whatever else such a question names is the part of the source it is about.
_SUMMARY_WORDS = frozenset({
    "summary", "summarise", "summarize", "summarization", "summarisation", "overview", "gist", "tldr", "tl;dr",
    "main", "key", "point", "argument", "idea", "message", "claim", "takeaway", "conclusion", "conclude",
    "article", "document", "text", "story", "piece", "paper", "report", "source", "author", "writer",
    "section", "part", "bit", "paragraph", "chapter",
    "quick", "brief", "short", "whole", "overall", "please", "say", "give", "tell", "write", "make",
})
# What kind of name "which city", "which company", "which person" asks for (spaCy's entity types).
_KIND_TYPES = [
    ({"city", "country", "state", "province", "town", "region", "place", "nation", "capital"}, ("GPE", "LOC")),
    ({"person", "man", "woman", "ceo", "founder", "leader", "executive", "individual", "president",
      "author", "engineer", "scientist", "politician"}, ("PERSON",)),
    ({"company", "firm", "bank", "chipmaker", "institution", "organisation", "organization", "startup",
      "business", "corporation", "agency", "university"}, ("ORG",)),
]
_VAGUE = {"few", "several", "many", "dozens", "handful", "numerous", "overnight"}
# Adverbs that only say when (the parser's entity tags miss them in some sentences).
_WHEN = {"overnight", "recently", "now", "today", "currently", "soon", "later", "earlier", "yesterday", "then",
         "lately", "nowadays", "once", "eventually"}
_EMPTY_NOUNS = {"people", "person", "persons", "thing", "things", "stuff", "folks", "guys", "one", "ones"}
_PLACEHOLDERS = {"something", "someone", "somebody", "somewhere", "somehow", "sometime", "anything", "whatever"}
# ("figure" is a number more often than a person in a question: "What figure does it put on the cost?")
_AMOUNT_NOUNS = ("percentage", "percent", "share", "proportion", "amount", "number", "count", "sum", "fraction", "price", "cost",
                 "figure")
_LOCATIVE = frozenset({"in", "on", "at", "near", "inside", "outside", "under", "beneath", "below", "above", "over",
                       "beside", "behind", "along", "across", "into", "onto", "atop", "within", "between", "by",
                       "to", "from", "toward", "towards", "around", "opposite"})
_WH = frozenset({"who", "whom", "whose", "when", "where", "why", "how", "which", "what"})
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}


@dataclass(frozen=True)
class Ask:
    """What a question asks for.

    Attributes:
        wants: "date", "amount", "name", "place", "reason", "yesno", "overview" or "thing".
        head: For "how many X"/"what percentage of X": the key of X, which the number must count.
        names: Keys of the names the question uses.
        content: Keys of its other content words.
    """

    text: str
    wants: str
    head: str | None  # for "how many X": X; for "the name of X" / "what is X called": X
    names: frozenset[str]
    content: frozenset[str]
    numbers: frozenset[str]
    entity: tuple[str, ...] = ()  # for "which city", "which company": the entity types that fit
    percent: bool = False  # "what percentage": the amount must be a percentage
    prepositions: frozenset[str] = frozenset()  # "Which city is X from?": the answer is the object of "from"
    predicate: str = ""  # the question's main verb, unless a light one ("established", not "is")
    core: frozenset[str] = frozenset()  # keys of its verb, its subject's head and what it counts
    predicate_key: str = ""
    kind: str = ""  # "which river": the key of the noun naming the kind of answer
    scene: frozenset[str] = frozenset()  # names only in a clause setting the scene ("before X came along")
    # "the construction cost": a noun of the question with the nouns that classify it
    qualified: tuple[tuple[str, frozenset[str]], ...] = ()
    excluded: frozenset[str] = frozenset()  # "besides Google": keys of what the answer may not be
    events: frozenset[str] = frozenset()  # keys of the main verb and the verbs of its complement clauses
    measure: bool = False  # "what column width", "what rate": only a number gives it, not "a few"

    @property
    def keys(self) -> frozenset[str]:
        return self.names | self.content | self.numbers




# A premise the question states as known: "Given that X, ...?", "..., given that X?",
# "Although X, ...?". What follows the introducer up to the comma (or the end) is the premise.
# A supposition ("If X", "Assuming X", "Suppose X") states nothing as known, and is none.
_PREMISE_FIRST = re.compile(r"^\s*(?:given|considering|seeing|although|even though|though)(?: that)?\s+"
                            r"([^,?]+?),\s*(.+)$", re.I)
_PREMISE_LAST = re.compile(r"^(.+?),?\s+(?:given|considering|seeing) that\s+([^?]+?)\s*\?*\s*$", re.I)


def split_premise(question: str) -> tuple[str, str]:
    """The premise a question states as known, as a sentence, and the question without it:
    "Given that DeepSeek was founded in 2016, how long did it take?" -> ("DeepSeek was founded
    in 2016.", "How long did it take?"). ("", question) when it states none; a premise must be a
    clause (with a verb): "Given its cost, why ...?" states none."""
    m = _PREMISE_FIRST.match(question)
    premise, rest = (m.group(1), m.group(2)) if m else (None, None)
    if m is None and (m := _PREMISE_LAST.match(question)):
        premise, rest = m.group(2), m.group(1).rstrip(" ,") + "?"
    if not premise or not any(t.pos in ("VERB", "AUX") for x in analyse(premise) for t in x.toks):
        return "", question
    return _sentence(premise, "."), _sentence(rest, "?")


def _sentence(text: str, end: str) -> str:
    """`text` as a sentence: its first letter in capitals, ending in `end`."""
    text = text.strip()
    return text[:1].upper() + text[1:].rstrip(".?!") + end


_CALLED = re.compile(r"\bwhat(?: is|'s| was| are| were) .* called\b")
_REQUEST = re.compile(r"^(?:can|could)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|plz\s+)?(?=[a-z])", re.I)


def ask_of(question: str) -> Ask:
    """Parse `question`: its wh-word decides what must be filled."""
    # Read the words, not their markup: "<b>How many</b> employees" asks how many employees.
    q = re.sub(r"\s+", " ", re.sub(r"<[^>]{0,40}>|[*_`]+", " ", question)).strip()
    # A contraction typed without its apostrophe ("whats the price") is still the wh-word.
    q = re.sub(r"\b(what|where|who|when|how)s\b", r"\1's", q, flags=re.I)
    # "Can you give an example of ...?", "could u tell me why ...": a modal put to the one
    # asked is a request, not a yes/no question; it asks what the request asks.
    q = _REQUEST.sub("", q)
    low = q.lower()
    toks = [t for s in analyse(q) for t in s.toks]
    all_toks = toks
    # "List the companies ...", "Name the firm that ...", "Explain why ...": a request (a verb of
    # telling, in the imperative) frames what is asked; it is no term the answer must hold.
    request = toks[0] if toks and toks[0].pos == "VERB" and toks[0].dep == "ROOT" and communicates(toks[0].lemma) \
        and not any(x.head == toks[0].i and x.dep in ("nsubj", "nsubjpass") for x in toks) else None
    if request is not None:
        toks = toks[1:]
    first = low.split()[0] if low.split() else ""
    called = _CALLED.search(low)  # "what is X called": a name asked for by the verb that gives names
    head = None
    # "Which city ...", "What company ...": the noun after the wh-word names the kind of answer.
    kind_noun = None
    for i, t in enumerate(toks):  # "which former president", "what tech figure": the last noun of the run
        if t.lemma in ("which", "what", "whose"):
            for x in toks[i + 1 : i + 5]:
                if x.pos == "NOUN":
                    kind_noun = x
                elif x.pos not in ("ADJ", "PROPN") and x.dep != "compound":
                    break
            break
    if kind_noun is not None and kind_noun.lemma in ("kind", "type", "sort", "example", "way", "thing", "role"):
        kind_noun = None  # "what kind of model": a description, not a name
    lead = re.search(r"\b(who|whom|whose|when|where|why|how|which|what)\b", low)
    wh = lead.group(1) if lead else ""
    # "When they abandoned the fort, where did the teamsters go?" asks where: the wh-word of
    # the main clause, not of a clause that only sets the scene.
    main = [t.text.lower() for t in toks if t.text.lower() in _WH and not _subordinate(t, toks)]
    if main and main[0] != wh:
        wh = main[0]
    # "what column width", "what rate": a measure, which only a number gives (`lexicon.measured`)
    measure = kind_noun is not None and measured(kind_noun.lemma)
    # About the whole document: not "why/how ..." about something it says, nor a question that
    # states a proposition of its own ("... conclude that China has overtaken ...").
    if _OVERVIEW.search(q) and first not in ("why", "how", "when", "who", "where") and not re.search(r"\bthat\b", low):
        wants = "overview"
    elif wh == "how" and re.search(r"\bhow (?:many|much|large|big|long|old|far|expensive|costly|wide|tall|high|deep|"
                                   r"heavy|thick|fast)\b|\bby how\b", low) \
            or kind_noun is not None and (kind_noun.lemma in _AMOUNT_NOUNS or measure) \
            or re.match(r"what(?:'s| is| was| are| were) (?:the |a |an )?(?:\w+ ){0,2}?(?:%s)s?\b" % "|".join(_AMOUNT_NOUNS),
                        low):  # "What is the price of the 1975 fix?", "what's the price tag on it"
        wants = "amount"
        # "how many users" counts users; "how much money" asks for the amount itself.
        many = next((i for i, t in enumerate(toks) if t.lemma == "many" and i and toks[i - 1].lemma == "how"), None)
        if many is not None:  # "how many users": the first noun after "many" is what is counted
            counted = None
            for t in toks[many + 1 : many + 5]:  # "how many tiger images": the last noun of the run
                if t.pos == "NOUN":
                    counted = t
                elif t.pos not in ("ADJ", "PROPN"):
                    break
            head = counted.key if counted else None
    elif wh == "when" or kind_noun is not None and kind_noun.lemma in ("year", "decade", "date", "month", "day", "time",
                                                                       "century", "period"):
        wants = "date"
    elif wh in ("who", "whom", "whose") or re.search(r"\bname of\b", low) or called or kind_noun is not None and (
            wh == "which" or any(kind_noun.lemma in words for words, _ in _KIND_TYPES)):
        wants = "name"
    elif wh == "where":
        wants = "place"
    elif wh == "why" or re.search(r"\bwhat (?:caused|led to|made|drove|prompted|is the reason)\b|\breason\b", low):
        wants = "reason"
    elif first in _AUX:
        wants = "yesno"
    else:
        wants = "thing"
    if wants == "thing" and not any(t.pos in ("VERB", "AUX") for t in all_toks):
        # "in dollars?", "and in rmb": a currency to give something in asks for an amount in it.
        by_i = {t.i: t for t in all_toks}
        unit = next((t for t in all_toks if t.dep == "pobj" and currency_symbol(t.lemma)
                     and by_i.get(t.head) is not None and by_i[t.head].lemma in ("in", "into")), None)
        if unit is not None:
            wants, head = "amount", unit.key
    if kind_noun is not None:  # the kind of answer is no term the answer must repeat
        toks = [t for t in toks if t.i != kind_noun.i]
    # "Which companies besides Nvidia ...": what is excluded need not be in the answer.
    # (So is what stands after "apart from", "aside from" or "other than".)
    lemma_at = {t.i: t.lemma for t in all_toks}
    markers = [x for x in toks if x.lemma in ("besides", "except", "excluding")
               or (lemma_at.get(x.i - 1), x.lemma) in (("apart", "from"), ("aside", "from"), ("other", "than"))]
    excluded = {t.i for t in toks for x in markers if t.head == x.i or t.i > x.i and t.i - x.i <= 3 and t.name}
    words = {x.i - 1 for x in markers if x.lemma in ("from", "than")}  # "apart", "other": no terms either
    left_out = frozenset(t.key for t in toks if t.i in excluded and (t.name or content_word(t)))
    toks = [t for t in toks if t.i not in excluded | words]
    names = frozenset(t.key for t in toks if t.name and t.number is None)
    # "What did Trump push for before DeepSeek came along?": a name only in a clause that sets
    # the scene, which the answer's sentence must name but its clause need not.
    scene = names - {t.key for t in toks if t.name and not _subordinate(t, all_toks)}
    # "people at Meta", "the thing DeepSeek did": a noun that says only "someone"/"something"
    # is no term of the question; what stands with it is.
    toks = [t for t in toks if not (t.lemma in _EMPTY_NOUNS and t.pos in ("NOUN", "PRON"))]
    content = frozenset(_key(t) for t in toks if content_word(t) and not t.name and t.lemma not in ("many", "much"))
    numbers = frozenset(t.key for t in toks if t.number is not None)
    entity: tuple[str, ...] = ()
    if kind_noun is not None:
        entity = next((types for words, types in _KIND_TYPES if kind_noun.lemma in words), ())
    percent = kind_noun is not None and kind_noun.lemma in ("percentage", "percent", "share", "proportion")
    if wants == "name" and head is None:
        # "the name of President Donald Trump's AI plan": what "of" takes after "name", however
        # many words stand before it; "what was the effort to save ... called": the subject of the
        # main clause (the parser may hang a final "called" on the nearest noun).
        at = {t.i: t for t in toks}
        named = next((t for t in toks if t.pos == "NOUN" and (
            t.dep == "pobj" and t.head in at and at[t.head].lemma == "of" and at[t.head].head in at
            and at[at[t.head].head].lemma == "name"
            or called and t.dep in ("nsubj", "nsubjpass") and t.head in at and at[t.head].dep == "ROOT")), None)
        head = named.key if named else None
    # A preposition left at the end ("from?") or asking with the wh-word ("in which year") carries
    # the relation the answer must stand in.
    whs = {t.i for t in all_toks if t.lemma in ("which", "what", "whom", "where", "when")} | ({kind_noun.i} if kind_noun else set())
    preps = frozenset(t.lemma for t in all_toks if t.dep == "prep" and (
        not any(x.head == t.i for x in all_toks) or any(x.head == t.i and x.i in whs for x in all_toks)))
    # A light verb with its particle is a verb of its own ("give up", "set up", "take over").
    root = next((t for t in all_toks if t.dep == "ROOT" and t.pos == "VERB" and t is not request and (
        t.lemma not in LIGHT_VERBS or _key(t) != t.key)), None)
    if root is None:
        # "What year was DeepSeek's parent company founded?" is parsed as "was" with a clause
        # "founded" under it: the participle is the question's verb.
        # Or as a participle describing the noun ("What year was X's parent company officially
        # [established]?"), when it ends the question: a describing participle has words after it.
        top = next((t for t in all_toks if t.dep == "ROOT" and t.pos == "AUX"), None)
        by_i = {t.i: t for t in all_toks}

        def stranded(v: Tok) -> bool:
            return all(t.dep == "punct" or t.dep in ("prep", "prt", "advmod") and not any(
                x.head == t.i and x.i != t.i for x in all_toks) for t in all_toks if t.i > v.i)

        root = next((t for t in all_toks if top is not None and t.pos == "VERB" and t.lemma not in LIGHT_VERBS and (
            t.head == top.i and t.dep in ("ccomp", "xcomp")
            or t.dep == "acl" and t.tag == "VBN" and stranded(t) and t.head in by_i
            and by_i[t.head].head == top.i and by_i[t.head].dep in ("attr", "nsubj", "nsubjpass"))), None)
    # A noun that classifies the question's noun ("construction cost", "share price") says which
    # one is meant; an adjective often only judges it ("strong results"), and is left out.
    qualified = tuple((t.key, frozenset(x.key for x in toks if x.head == t.i and x.dep == "compound"
                                        and x.pos == "NOUN" and content_word(x) and x.number is None))
                      for t in toks if t.pos == "NOUN" and not _subordinate(t, all_toks))
    qualified = tuple((noun, mods) for noun, mods in qualified if mods)
    # What the question is about at its core: its verb, its subject's head noun, what it counts.
    subject = next((t for t in toks if t.dep in ("nsubj", "nsubjpass") and content_word(t)), None)
    # A verb taking a role ("serves as Managing Director", "acts as chair") links like "is": the
    # role is what is asked about, not an event the answer must state, nor a term.
    linking = root is not None and any(x.head == root.i and x.lemma == "as" and x.dep == "prep" for x in all_toks)
    if linking:
        content = content - {_key(root)}
    core = frozenset(k for k in (_key(root) if root and not linking else None, subject.key if subject else None, head) if k)
    events = frozenset() if linking else frozenset(
        _key(t) for t in all_toks if root is not None and (
            t is root or t.head == root.i and t.pos == "VERB" and t.dep in ("xcomp", "ccomp")))
    return Ask(q, wants, head, names, content, numbers, entity, percent, preps, _key(root, root.lemma) if root else "",
               core, _key(root) if root else "", kind_noun.key if kind_noun is not None else "", scene, qualified,
               left_out, events, measure and wants == "amount")


def topic_of(ask: Ask, titles: frozenset[str] = frozenset()) -> frozenset[str]:
    """What a request for a summary is about, beyond the source itself: "summarise what the
    article says about the dollar and the US economy" asks for that part ({"dollar", "economy",
    "usa"}); "Summarize the article", "What are the author's main arguments?" or "Summarize the
    R1 technical report" (words of a source's `titles`) for the whole of it (empty)."""
    if ask.wants != "overview":
        return frozenset()
    request = {form for w in _SUMMARY_WORDS | titles for form in (w, stem(w))}
    return frozenset(k for k in ask.content | ask.names if not {k, stem(k)} & request and not k.startswith("#"))


def topic_words(question: str, topic: frozenset[str]) -> str:
    """The question's own words for its `topic`, in order ("deepseek approach differs american
    AI companies"): what a summary of that part is searched near, without the request around it."""
    return " ".join(t.text for x in analyse(question) for t in x.toks if _key(t) in topic or t.key in topic)


def unsaid(question: str, topic: frozenset[str], texts) -> frozenset[str]:
    """The nouns and names of a summary's `topic` that `texts` never say, in any form ("phone"
    in "Summarize what it says about Apple's new phone", of an article that mentions no phone):
    a part the source does not have."""
    words = {w for text in texts for x in analyse(text) for t in x.toks for w in (t.key, phrasal(t))}
    nouns = {k for x in analyse(question) for t in x.toks if t.pos in ("NOUN", "PROPN")
             for k in (_key(t), t.key) if k in topic}
    return frozenset(k for k in nouns if not any(k == w or covers(k, w) for w in words))


def bears_on(topic: frozenset[str], sentence: str) -> bool:
    """`sentence` says something of the `topic`: one of its terms, in any form."""
    words = {w for x in analyse(sentence) for t in x.toks for w in (t.key, phrasal(t))}
    return any(k == w or alike(k, w) for k in topic for w in words)


def recased(question: str, texts) -> str:
    """`question` with the words it types in lower case that `texts` write only as a name
    given their case ("how much did meta spend" -> "how much did Meta spend"), so that a name
    typed in lower case binds an answer as one typed in capitals does. Runs of names count as
    one ("deutsche bank" -> "Deutsche Bank"); function words are never names ("us")."""
    runs: dict[str, str] = {}  # lower case -> as the texts write it
    lower: set[str] = set()
    for text in texts:
        for s in analyse(text):
            run: list[Tok] = []
            for t in [*s.toks, None]:
                if t is not None and t.name and t.text[:1].isupper() and t.number is None:
                    run.append(t)
                    continue
                for a in range(len(run)):  # every stretch of the run: "Mark Zuckerberg", "Zuckerberg"
                    for b in range(a + 1, len(run) + 1):
                        if all(run[k + 1].i == run[k].i + 1 for k in range(a, b - 1)):
                            phrase = " ".join(x.text for x in run[a:b])
                            runs.setdefault(phrase.lower(), phrase)
                run = []
                if t is not None and t.text.islower():
                    lower.add(t.text)
    out = question
    for low in sorted(runs, key=len, reverse=True):  # the longest run first
        words = low.split()
        if len(words) == 1 and (low in lower or low in STOPWORDS or len(low) < 2):
            continue
        out = re.sub(rf"(?<![\w-]){re.escape(low)}(?![\w-])", lambda m: runs[low] if m.group().islower() else m.group(),
                     out)
    return out


def _subordinate(t: Tok, toks: list[Tok]) -> bool:
    """`t` stands in an adverbial clause ("When they abandoned the fort, ...")."""
    by_i = {x.i: x for x in toks}
    cur = t
    for _ in range(len(toks)):
        if cur.dep == "advcl":
            return True
        head = by_i.get(cur.head)
        if head is None or head.i == cur.i:
            return False
        cur = head
    return False


def _key(t: Tok, plain: str = "") -> str:
    """A question word's key; a verb with its particle as one, when WordNet knows the phrase:
    "set up" is "set_up", which "established" says; "set" alone is not."""
    whole = phrasal(t)
    return whole if whole != t.lemma and known(whole) else plain or t.key


def statement_of(question: str) -> str | None:
    """A yes/no question as the statement it asks about ("Has X done Y?" -> "X done Y"), else None."""
    q = question.strip().rstrip("?").strip()
    words = q.split()
    if not words or words[0].lower() not in _AUX or _REQUEST.match(q):
        return None  # (no statement in "Can you give an example ...?": a request)
    negated = words[0].lower().endswith("n't")
    aux = words[0][:-3] if negated else words[0]
    # The subject goes before the auxiliary, as a statement has it: "Were the walls of the church
    # destroyed in 1944?" -> "The walls of the church were destroyed in 1944." In question order
    # the parser read "destroyed" as said of the church, and "the church was destroyed" was taken
    # to say the walls were. The subject is the longest run after the auxiliary (no verb in it but
    # an "-ing" before its noun) that the statement's own parse takes as its whole subject.
    doc = parse(q)
    first = 2 if negated and len(doc) > 1 and doc[1].lower_ in ("n't", "not") else 1
    for end in range(len(doc) - 2, first - 1, -1):
        span = doc[first : end + 1]
        # A subject ends in its noun, and what follows it is no noun ("Is DeepSeek under US control?").
        if span[-1].pos_ not in ("NOUN", "PROPN", "PRON", "NUM") or doc[end + 1].pos_ in ("NOUN", "PROPN") or any(
                t.tag_.startswith("VB") and t.tag_ != "VBG" or t.is_punct for t in span):
            continue
        after = next((t for t in doc[end + 1 :] if t.pos_ not in ("ADV", "PART")), None)
        if aux.lower() in ("do", "does", "did") and (after is None or after.tag_ not in ("VB", "VBP")):
            continue  # "Did X lose ...?": the subject stands before a verb's bare form
        subj = span.text[:1].upper() + span.text[1:]
        statement = " ".join([subj, aux.lower(), *(["not"] if negated else []), doc[end + 1 :].text])
        parsed = parse(statement)
        cut = len(span)
        heads = [t for t in parsed if t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i >= cut]
        if len(heads) == 1 and {t.i for t in heads[0].subtree} == set(range(cut)):
            return statement + "."
    # Otherwise kept in question order ("Is X under Y control."): the checker reads words and
    # structure, and the auxiliary keeps "is"/"has" questions from losing their verb.
    return " ".join([aux.capitalize(), *(["not"] if negated else []), *words[1:]]) + "."


def restates(sentence: str, question: str) -> bool:
    """True when `sentence` says nothing the question did not already say. A placeholder says
    nothing ("by some amount", "at some point", "something"), nor does a time word that no
    date was asked for ("X fell overnight" to "By how much did X fall?")."""
    asked = ask_of(question)
    toks = [t for s in analyse(sentence) for t in s.toks]
    by_i = {t.i: t for t in toks}
    placeholder = {t.i for t in toks if t.lemma in _PLACEHOLDERS or any(
        x.head == t.i and x.dep == "det" and x.lemma in ("some", "certain", "any") for x in toks)}
    said = {t.key for t in toks if (t.name or content_word(t) or t.number is not None or t.lemma in QUANTITY_WORDS)
            and t.i not in placeholder and not (t.head in placeholder and t.dep == "amod" and by_i.get(t.head))
            and not (asked.wants != "date" and (t.ent in ("DATE", "TIME") or t.lemma in _WHEN) and t.number is None)}
    return bool(said) and said <= asked.keys or not said


_CLOCK = re.compile(r"\d{1,2}:\d\d|[ap]\.?m\.?|o'clock|noon|midnight", re.I)


def _fills(ask: Ask, toks: list[Tok], quoting: bool = False) -> bool:
    """Does this stretch of words hold what the question asks for (and not only its own words)?
    What the question excludes ("Besides Google, which company ...?") is none of it."""
    new = [t for t in toks if t.key not in ask.keys and t.key not in ask.excluded]
    if ask.wants == "amount":
        # A year is a date, not an amount: "replaced ... in 1998" says nothing of how long or how much.
        amounts = [t for t in new if t.number is not None and not _year(t, toks) or t.lemma in QUANTITY_WORDS
                   or t.lemma in _VAGUE]
        if ask.percent:
            amounts = [t for t in amounts if t.number is not None and t.number[0] == "%"]
        if ask.measure:  # "what column width": "80", never "a few words"
            amounts = [t for t in amounts if t.number is not None]
        if not ask.head and "long" in ask.content:
            # "How long has it been exploring AI?" is answered by when it began: "since 2016",
            # or by both ends, "from 1958 to 1961". Read as dates, they had been no amount.
            by_i = {t.i: t for t in toks}
            ends = [by_i[t.head].lemma for t in new if _year(t, toks) and t.head in by_i]
            if "since" in ends or {"from", "to"} <= set(ends) or "between" in ends and len(ends) > 1:
                return True
            # Otherwise a measure of time or length ("two years", "40 seconds", "579 metres"),
            # never a count of things or a sum of money: "how long did it take to build its
            # model?" is not answered by "a team of fewer than 150 employees" or "$6 million".
            amounts = [t for t in amounts if t.ent in ("DATE", "TIME", "QUANTITY") and not t.unit]
        if not ask.head and re.search(r"\bhow (?:tall|high|wide|broad|deep|far|heavy|thick)\b", ask.text, re.I):
            # "How tall was the façade?" asks for a measure ("about 40 metres"), not a multiple
            # ("about four times higher than the narthex") nor a count.
            amounts = [t for t in amounts if t.ent in ("QUANTITY", "MONEY", "PERCENT") or t.unit]
        if not ask.head:
            # "By how much was the bridge raised?" is not answered by "the six truss spans were
            # jacked higher": a bare number counting the clause's subject says which things,
            # not how much ("a $280,000 repair", with its unit, still says how much).
            by_i = {t.i: t for t in toks}
            amounts = [t for t in amounts if not (
                t.number is not None and not t.unit and t.number[0] == "n" and t.dep == "nummod"
                and by_i.get(t.head) is not None and by_i[t.head].dep in ("nsubj", "nsubjpass"))]
        if ask.head and amounts and (unit := currency_symbol(ask.head)):
            return any(t.unit == unit for t in amounts)  # "how many dollars": "$589 billion"
        if ask.head and amounts:
            # "How many employees": the amount must count employees, not something else.
            return any(_near(t, ask.head, toks) for t in amounts)
        return bool(amounts)
    if ask.wants == "date":
        # A point in time is a number, a month or a noun ("Mondays", "last week"), not an adverb
        # or adjective of frequency: "what day of the week are the meetings?" is not answered by
        # "held approximately weekly", nor "which year" by "annually".
        # A time of day is a point in time too ("at 11:27 p.m."); a duration ("five hours") is not.
        return any(t.number is not None and (t.number[1] == int(t.number[1]) and 1000 <= t.number[1] <= 2200)
                   or t.ent == "DATE" and t.pos not in ("ADJ", "ADV") or t.lemma in _MONTHS
                   or t.ent == "TIME" and _CLOCK.fullmatch(t.text) for t in new)
    if ask.wants in ("name", "place", "date") and ask.prepositions and quoting:
        # "Which city is Nvidia from?": the answer is what stands after "from" in the source.
        by_i = {t.i: t for t in toks}
        new = [t for t in new if _governed_by(t, ask.prepositions, by_i)] or (new if ask.wants == "date" else [])
    if ask.wants in ("name", "place"):
        if ask.head:  # "the name of DeepSeek's model": a name given to the model
            by_i = {t.i: t for t in toks}
            new = [t for t in new if by_i.get(t.head) is not None and by_i[t.head].key == ask.head
                   or any(x.key == ask.head and x.head == t.i for x in toks)]
        # "which city": a city, not any name. A bare name ("Nvidia") is typed unreliably without
        # a sentence around it: there the name itself must do.
        fragment = not any(t.pos in ("VERB", "AUX") for t in toks)
        if ask.entity and not fragment:
            return any(t.ent in ask.entity or t.name and not t.ent for t in new)
        if not quoting and ask.kind and not ask.entity and not fragment and any(
                t.pos in ("NOUN", "PROPN") and content_word(t) for t in new):
            # "Which industries ...?": "the aviation, automotive and shipbuilding industries";
            # "Which branches ...?": "the current stable release": a kind of thing that has no
            # names, filled by a noun of the draft's (whose sentence the source supports).
            return True
        if quoting and ask.kind and not ask.entity:
            # "Which river ...?": a name standing with "river" ("the Hunter River"), not any name.
            return any(t.name and any(x.key == ask.kind and abs(x.i - t.i) <= 2 for x in toks) for t in new)
        if any(t.name or t.ent in ("PERSON", "ORG", "GPE", "LOC", "NORP") for t in new):
            return True
        # "Where on the fort ...?": "on the roof", a physical place after a preposition of place.
        by_i = {t.i: t for t in toks}
        return ask.wants == "place" and any(t.pos == "NOUN" and physical(t.lemma) and _governed_by(t, _LOCATIVE, by_i)
                                            for t in new)
    return any(t.name or content_word(t) or t.number is not None for t in new)


def _years(keys) -> frozenset[str]:
    """The keys of whole numbers from 1000 to 2200 ("#n:1961"), which a question gives as years."""
    def value(k: str) -> float:
        try:
            return float(k.split(":", 1)[1])
        except (IndexError, ValueError):
            return 0.0
    return frozenset(k for k in keys if k.startswith("#n:") and value(k) == int(value(k)) and 1000 <= value(k) <= 2200)


def _year(t: Tok, toks: list[Tok]) -> bool:
    """A number that is a year: a whole number from 1000 to 2200, tagged a date or after "in",
    "since", "until", "before", "after" or "by" ("over 19 days" is a date to the tagger, and an
    amount)."""
    if t.number is None or t.unit or t.number[0] != "n" or t.number[1] != int(t.number[1]):
        return False
    by_i = {x.i: x for x in toks}
    head = by_i.get(t.head)
    return 1000 <= t.number[1] <= 2200 and (t.ent == "DATE" or head is not None and head.lemma in (
        "in", "since", "until", "before", "after", "by"))


def _governed_by(t: Tok, prepositions: frozenset[str], by_i: dict) -> bool:
    """`t` is (part of) the object of one of `prepositions`: "from [Hangzhou]"."""
    cur = t
    for _ in range(3):
        head = by_i.get(cur.head)
        if head is None or head.i == cur.i:
            return False
        if head.dep == "prep" or head.pos == "ADP":
            return head.lemma in prepositions
        if cur.dep not in ("compound", "amod", "pobj", "nummod", "conj", "appos"):
            return False
        cur = head
    return False


def _near(amount: Tok, head: str, toks: list[Tok]) -> bool:
    """The amount counts `head`: it is the head's number, or stands within three words before it,
    the head being no modifier of a noun after it ("2.788M GPU hours" counts hours, not GPUs)."""
    by_i = {t.i: t for t in toks}
    if amount.head in by_i and _counts(head, by_i[amount.head]):
        return True
    return any(_counts(head, t) and 0 < t.i - amount.i <= 3 and not (t.dep == "compound" and t.head > t.i)
               for t in toks)


def _counts(head: str, noun: Tok) -> bool:
    """Counting `noun` counts `head`: the same noun, or a kind of it ("how many people work at
    DeepSeek?" by "a team of fewer than 150 employees"). "people" is the plural of "person"
    (WordNet lists it only as a noun of its own, "a body of persons")."""
    return noun.key == head or noun.pos == "NOUN" and covers("person" if head == "people" else head, noun.lemma, "n")


# Why `answers` cannot tell by words: none of the question's terms is the sources' or the answer's.
UNWORDED = "uses none of the question's words: only meaning tells whether it answers it"


def answers(
    ask: Ask, claim_sentence: str, bound: frozenset[str], *, passage: frozenset[str] = frozenset(),
    coverage: float = 0.5,
) -> str | None:
    """None when `claim_sentence` answers `ask`; else why not.

    `bound` holds the keys of the source clause(s) the claim was verified against: the
    question's names must all be there or in the claim, and most of its other terms. A term
    `passage` (every word of the passages shown) never uses is the question's own wording
    ("Which Chinese city is home to DeepSeek?"), not a fact stated elsewhere, and is not
    counted, unless it is the question's core (its verb, its subject, what it counts): then the
    passage does not say what is asked. When no term is in the passages or the claim (but for
    a verb alone), words cannot tell, and the reason is `UNWORDED`: the caller may ask the model.
    """
    toks = [t for s in analyse(claim_sentence) for t in s.toks]
    if restates(claim_sentence, ask.text):
        return "restates the question without answering it"
    if ask.wants not in ("thing", "reason", "yesno", "overview") and not _fills(ask, toks):
        return f"does not give the {ask.wants} the question asks for"
    if ask.wants == "reason" and not any(
            t.pos in ("NOUN", "PROPN", "VERB", "NUM") and (content_word(t) or t.name or t.number is not None)
            and not {t.key, phrasal(t)} & ask.keys and not any(alike(k, t.lemma) or alike(k, phrasal(t)) for k in ask.keys)
            for t in toks):
        # "Why did sanctions push DeepSeek to innovate?" is not answered by "Sanctions pushed
        # DeepSeek to innovate further": no thing, event or name the question did not state.
        return "gives no reason: it states only what the question states"
    have = {t.key for t in toks} | bound
    source = set(bound)
    if ask.head and (unit := currency_symbol(ask.head)) and any(t.unit == unit for t in toks):
        have.add(ask.head)  # "how many dollars", "in dollars?": "$589 billion" names its currency
        source.add(ask.head)
    lemmas = {t.lemma for t in toks} | {phrasal(t) for t in toks}
    missing = missing_names(ask.names, have)
    if missing:
        return f"does not say it of {', '.join(sorted(missing))}"

    def found(k: str, words) -> bool:
        return k in words or any(alike(k, w) for w in words)

    def said(k: str, words) -> bool:  # by the word itself or a kind of it ("workers": "employees")
        return k in words or any(covers(k, w) for w in words)

    # The question's noun, where the answer speaks of it, with the noun that classifies it:
    # "What share of the original construction cost did Ontario pay?" is not answered by
    # "Ontario paid 25% of the costs" (of the maintenance, says the sentence before).
    if lost := _unclassified(ask, {t.key for t in toks}, lemmas | have):
        return f"does not say it of the {lost}"
    if (ask.events and ask.wants in ("name", "place", "date", "amount") and passage
            and not any(t.pos in ("VERB", "AUX") for t in toks)
            and found(ask.predicate_key, passage) and not any(said(k, lemmas | have) for k in ask.events)):
        # A bare answer ("2016" to "What year was DeepSeek's parent company founded?") states no
        # event of its own: the source clause it stands in must state the one asked about (there,
        # "has been exploring AI since 2016"), or the one it frames ("Which industries helped
        # the U.S. cement its dominance?": "cemented"). A sentence states its own event, checked.
        return "does not state the event the question asks about"
    if ask.wants == "yesno" and any(not found(k, lemmas | have) for k in ask.core):
        # "Are those charging firms only in the U.S.?" is not answered by a sentence about a bank.
        return "does not speak of what the question asks about"
    terms = set(ask.content)
    if passage:
        absent = {k for k in terms if not found(k, passage | lemmas)}
        if absent and absent == terms and terms != {ask.predicate_key}:
            # None of the question's words is in the passages or the answer ("what r they paid"
            # of DeepSeek's engineers: no pay, no engineer): counted as its own wording, they had
            # left its names alone to tie it to any sentence about them. Only meaning tells. (A
            # verb alone may be said in another word, "founded" for "started": `states_verb`.)
            return UNWORDED
        # A verb may be the question's own wording ("trying to copy" for "working to replicate");
        # the thing asked about may not ("share price", when the passage has none).
        if not absent & (ask.core - {ask.predicate_key}):
            terms -= absent
    if terms:
        # A question that names nothing is tied to its answer by its nouns: they count
        # where the source clause says them, not where the claim echoes them ("whats the tiger
        # thing about" drafted "The tiger thing about DeepSeek is that it uses ...", over a
        # sentence with no tiger in it). A name the verifier binds strictly; a verb or a noun
        # beside a name may be the draft's wording ("where is DeepSeek based": "from Hangzhou").
        echo = lemmas | have
        asked_toks = [t for x in analyse(ask.text) for t in x.toks]
        if bound and not any(t.name and t.dep not in ("compound", "amod", "nmod") for t in asked_toks):
            # (A name that only qualifies a noun, "the US tech leaders", "big AI firms", leaves
            # the noun to tie the answer.)
            nouns = {t.key for t in asked_toks if t.pos == "NOUN"}
            echo = {w for w in echo if not any(said(k, {w}) for k in nouns & terms)} | source
        hit = sum(1 for k in terms if said(k, echo))
        if hit / len(terms) < coverage:
            return "is about something else than the question"
    elif not ask.names:
        return "shares no term with the question"
    return None


def quote(
    ask: Ask, passages: dict[int, str], *, min_coverage: float = 0.75, answer: frozenset[str] = frozenset(),
) -> tuple[str, int] | None:
    """The source sentence that answers `ask` within one clause, verbatim, with its passage number.

    Used when the model's draft failed verification or declined: a sentence qualifies only
    when one of its clauses holds every name of the question, most of its other terms and what
    it asks for (a date, an amount, a name...), so a question whose terms the source states of
    different subjects gets None.

    `answer`: keys of the answer the model gave in a bare phrase ("Deutsche Bank"). The clause
    must then hold them too; in exchange the question's terms count only where the passages
    use them at all, and a verb no passage uses ("cautioned" for "warned") is the question's
    wording. The caller must have such a quote judged: only meaning tells "cautioned" from
    "acquired".
    """
    wanted = ask.names | ask.content
    if not wanted or ask.wants in ("overview", "yesno"):
        return None
    if not ask.content and not any(t.pos in ("VERB", "AUX") for x in analyse(ask.text) for t in x.toks):
        return None  # an ellipsis ("And Google and Microsoft?") says what it asks only with the conversation
    if unresolved(ask.text):
        return None  # "When was that?": whatever sentence its words pick, its subject is a guess
    predicate = ask.predicate
    if answer:
        vocabulary = {w for text in passages.values() for x in analyse(text) for t in x.toks for w in (t.lemma, phrasal(t))}
        wanted = {k for k in wanted if k in ask.names or any(alike(k, w) for w in vocabulary)}
        if predicate and not any(alike(predicate, w) for w in vocabulary):
            predicate = ""
        if not wanted:
            return None
    owned = possessors([t for x in analyse(ask.text) for t in x.toks])
    asked = claim_of(ask.text)
    best: tuple[tuple[float, bool], str, int] | None = None
    for n, text in passages.items():
        sents = analyse(text)
        for i, s in enumerate(sents):
            # A question, or a sentence saying it is not known "whether ...", asserts no answer.
            if s.text.rstrip().endswith(("?", ":")) or any(t.lemma == "whether" for t in s.toks):
                continue
            if other_owner(owned, s.toks) or other_kind(asked, s):
                continue  # another owner's thing; "the south spans" for the question's "north spans"
            # The question's years are anchors, like its names. Where the passage gives them, the
            # sentence must, or the one before it (which its "it" or "the work" may stand for):
            # "How much did it cost to build the church in 1862-63?" is not answered by a later
            # sentence of that passage giving the cost of its conservation. Where the passage
            # never gives them (it may start after), a sentence with no year of its own may be of
            # them; one with another year is not ("raised in 1961" is not "upgraded in 1965").
            years = _years(ask.numbers)
            near = {t.key for t in s.toks} | ({t.key for t in sents[i - 1].toks} if i else set())
            if not years <= near and (years & {t.key for x in sents for t in x.toks} or _years(near)):
                continue
            # Its other numbers bind as its names do: "When did Foxit release PhantomPDF 9.0?" is
            # not answered by "Foxit PhantomPDF ... was released in 2008".
            if not (ask.numbers - years) <= {t.key for t in s.toks}:
                continue
            for clause in {t.clause for t in s.toks}:
                if clause in s.negated:
                    continue
                scope = _scope(s, clause, sents[i - 1] if i else None)
                keys = {t.key for t in scope}
                if missing_names(ask.names - ask.scene, keys) or missing_names(ask.scene, {t.key for t in s.toks}) \
                        or not answer <= keys:
                    continue
                if _owner_lost(owned, scope, s) or _shared(ask, scope) or _unclassified(
                        ask, keys, {w for t in s.toks for w in (t.key, t.lemma)}):
                    continue
                # The relation asked about must be the one stated: "When was X's parent company
                # established?" is not answered by a clause saying it has been exploring AI.
                # Its own word or a synonym, not a more general one: WordNet files "cite" under "write".
                if predicate and not any(alike(predicate, t.lemma) or alike(predicate, phrasal(t)) for t in scope):
                    continue
                if _doer_moved(asked, predicate, s, scope):
                    continue
                cov = sum(1 for k in wanted if k in keys or any(covers(k, t.lemma) or covers(k, phrasal(t))
                                                                for t in scope)) / len(wanted)
                # With no slot to fill ("what", "why"), only a clause holding every term qualifies.
                need = min_coverage if ask.wants in ("date", "amount", "name", "place") or answer else 1.0
                # A clause stating the event outranks one under a modal ("said that the railway
                # would be closed at the end of May" against "the railway was closed on 31 May").
                rank = (cov, not any(t.tag == "MD" for t in scope))
                if cov >= need and _fills(ask, scope, quoting=True) and (best is None or rank > best[0]):
                    best = (rank, s.text, n)
    return (best[1], best[2]) if best else None


def states_verb(verb: str, toks) -> bool:
    """Do `toks` state `verb` (a lemma): a form of it, or a verb of its sense or a kind of it
    ("founded" for "started")?"""
    return any(related(verb, t.lemma)
               or t.pos == "VERB" and (covers(verb, t.lemma, "v") or covers(verb, phrasal(t), "v")) for t in toks)


def drawn(ask: Ask, passages: dict[int, str], answer: frozenset[str],
          verbs: frozenset[str] = frozenset()) -> tuple[str, int, bool] | None:
    """The source sentence a draft in the question's own words read its answer from, with its
    passage number and whether it states the question's relation itself, or None. `answer`:
    the keys of what the draft added to the question.

    A draft that puts the source's answer in the question's words ("The US set an ambitious
    goal to ..." where the source says "spearheaded") fails on those words. A source
    sentence qualifies when it names what the question names and gives its numbers itself,
    one of its clauses holds everything the draft added and fills what the question asks for,
    and it is the only such sentence. When it also says (by the word, a synonym or a kind of
    it) what the question is about, its verb, its subject's head and what it counts ("What
    was Nvidia's share price?" is not answered by a sentence with no price), and states the
    draft's own verbs (`verbs`, lemmas), the third item is True; when it says them in words of
    its own ("advocating" for "call for"), False: only meaning tells those apart.
    """
    if not answer or ask.wants in ("overview", "yesno") or unresolved(ask.text):
        return None
    owned = possessors([t for x in analyse(ask.text) for t in x.toks])
    asked = claim_of(ask.text)
    # A name typed in lower case ("long-sault bridge", "deepseek") is still a name.
    parsed = {n: analyse(text) for n, text in passages.items()}
    names = ask.names | (ask.content & {t.key for sents in parsed.values() for x in sents for t in x.toks if t.name})
    found: list[tuple[Sent, int, list[Tok]]] = []
    for n, sents in parsed.items():
        for i, s in enumerate(sents):
            if s.text.rstrip().endswith(("?", ":")) or any(t.lemma == "whether" for t in s.toks):
                continue
            if other_owner(owned, s.toks) or other_kind(asked, s):
                continue
            # The sentence itself names what the question names and gives its numbers ("the 1978
            # repair"): quoted alone, an "It" of the sentence before would stand for a guess.
            own = {t.key for t in s.toks}
            if not answer <= own or missing_names(names, own) or not ask.numbers <= own:
                continue
            for clause in {t.clause for t in s.toks} - s.negated:
                scope = _scope(s, clause, sents[i - 1] if i else None)
                keys = {t.key for t in scope}
                if missing_names(ask.names - ask.scene, keys) or not answer <= keys or _owner_lost(owned, scope, s) \
                        or _shared(ask, scope) or _unclassified(ask, keys, {w for t in s.toks for w in (t.key, t.lemma)}) \
                        or _doer_moved(asked, ask.predicate, s, scope):
                    continue
                # What the question counts may be put in other words ("pictures" for "images").
                head = next((t.key for t in scope if ask.head and alike(ask.head, t.lemma)), ask.head)
                if ask.wants in ("date", "amount", "name", "place") and not _fills(replace(ask, head=head), scope):
                    continue
                found.append((s, n, scope))
                break
    # What the draft added must point at one sentence: "investments" alone is in several.
    if len({s.text for s, _, _ in found}) != 1:
        return None
    s, n, scope = found[0]

    # All in the clause that holds the answer: "when was DeepSeek's parent company established?"
    # is not answered by "while DeepSeek was established in 2023, its parent company has been
    # exploring AI since 2016", whose "established" belongs to another clause than "2016".
    def as_verb(k: str) -> bool:
        return states_verb(k, scope)

    def said(k: str) -> bool:
        return as_verb(k) if k == ask.predicate_key else any(
            covers(k, w) or covers(w, k) for t in scope for w in (t.lemma, phrasal(t)))

    # The draft's own verbs are the relation it claims ("charges users ... at a cost of $6
    # million" is not said by "achieved ... at a cost of $6 million").
    return s.text, n, all(as_verb(v) for v in verbs) and all(said(k) for k in ask.core)


def _doer_moved(asked: Claim, predicate: str, s: Sent, scope: list[Tok]) -> bool:
    """The sentence gives the question's verb another named subject, and names the question's
    subject in another role: "What did the Federal Reserve warn about?" is not answered by
    "institutions like Deutsche Bank have warned that these changes could influence Federal
    Reserve policy". Both in the same voice: "Who was X founded by?" has X as its subject where
    "Y founded X" has Y."""
    if not predicate:
        return False
    ours = next((t for t in asked.sent.toks if t.pos in ("VERB", "AUX") and alike(predicate, t.lemma)), None)
    theirs = next((t for t in scope if t.pos == "VERB" and (alike(predicate, t.lemma) or alike(predicate, phrasal(t)))), None)
    if ours is None or theirs is None:
        return False
    our_subject, their_subject = asked.sent.subject_of(ours), s.subject_of(theirs)
    if any(t.dep == "nsubjpass" for t in our_subject) != any(t.dep == "nsubjpass" for t in their_subject):
        return False
    our_names = {t.key for t in our_subject if t.name}
    their_names = {t.key for t in their_subject if t.name}
    return bool(their_names and our_names and not our_names & their_names
                and our_names & {t.key for t in s.toks})


def _owner_lost(ask_pairs: set[tuple[str, str]], scope: list[Tok], s: Sent) -> bool:
    """The clause has the noun the question gives an owner, but not as that owner's: "What is
    DeepSeek's market valuation?" is not answered by "the emergence of DeepSeek ... resulting in
    a $5.5 trillion evaporation of value" (the market's). Owned means "X's noun", "its noun", "the
    noun of X", "X noun", or the noun anywhere in a clause whose subject is X ("X managed ... with a
    team of 150")."""
    by_i = {t.i: t for t in s.toks}

    def owned_by(t: Tok, owner: str) -> bool:
        for x in s.toks:
            if x.head != t.i or x.i == t.i:
                continue
            if x.dep in ("poss", "compound") and (x.key == owner or x.tag == "PRP$"):
                return True
            if x.dep == "prep" and x.lemma == "of" and any(
                    y.head == x.i and y.dep == "pobj" and y.key == owner for y in s.toks):
                return True
        def is_owner(x: Tok) -> bool:  # "DeepSeek", "it", "its capitalization", "DeepSeek's team"
            return x.key == owner or x.tag == "PRP" or any(
                y.head == x.i and y.dep == "poss" and (y.key == owner or y.tag == "PRP$") for y in s.toks)

        # The subject of its clause, or of a clause that clause depends on: "DeepSeek has managed
        # ... with a team"; "Nvidia saw its capitalization plummet ..., translating to a loss".
        head = by_i.get(t.clause)
        for _ in range(len(s.toks)):
            if head is None:
                return False
            if any(x.head == head.i and x.dep in ("nsubj", "nsubjpass") and is_owner(x) for x in s.toks):
                return True
            up = by_i.get(head.head)
            if up is None or up.i == head.i:
                return False
            head = by_i.get(up.clause)
        return False

    for owner, noun in ask_pairs:
        nouns = [t for t in scope if t.pos == "NOUN" and (t.key == noun or alike(noun, t.lemma))]
        if nouns and not any(owned_by(t, owner) for t in nouns):
            return True
    return False


def _unclassified(ask: Ask, keys: set[str], words: set[str]) -> str:
    """The question's noun that `keys` speak of without the noun the question classifies it by
    (none of `words` says it), as "construction cost"; else ""."""
    for noun, mods in ask.qualified:
        lost = [m for m in mods if m not in words and not any(alike(m, w) or short_for(m, w) for w in words)]
        if noun in keys and lost:
            return f"{' '.join(sorted(lost))} {noun}"
    return ""


def _shared(ask: Ask, scope: list[Tok]) -> bool:
    """The clause gives its amount to a group the question's name is one member of: "Google and
    Microsoft ... a combined decline of $762.4 billion" does not say how much Microsoft lost on
    its own. An amount given to each member ("each", "respectively") is each one's."""
    if ask.wants != "amount" or not ask.names or any(t.lemma in ("each", "respectively", "apiece") for t in scope):
        return False
    return any(t.name and t.key in ask.names and x.name and x.key not in ask.names and x.key != t.key
               and (x.dep == "conj" and x.head == t.i or t.dep == "conj" and t.head == x.i)
               for t in scope for x in scope)


def _scope(s: Sent, clause: int, previous: Sent | None) -> list[Tok]:
    """A clause's words (with what it reports), plus, when its subject is a pronoun ("it",
    "they"), the names that pronoun may stand for (earlier in the sentence or the previous one)."""
    toks = s.with_complements(clause)
    subject = [t for t in toks if t.dep in ("nsubj", "nsubjpass", "poss") and t.tag in ("PRP", "PRP$")]
    if any(t.tag == "PRP$" for t in subject):  # "its market capitalization": a name elsewhere in the sentence
        toks = toks + [t for t in s.toks if t.name and t.clause != clause]
    elif subject:
        earlier = [t for t in s.toks if t.name and t.i < min(x.i for x in toks)]
        toks = toks + earlier + ([t for t in previous.toks if t.name] if previous else [])
    return toks
