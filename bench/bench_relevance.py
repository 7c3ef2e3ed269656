"""Would the model as judge rescue answers turned down only for the question's wording?

`answers()` turns a supported sentence down when the question shares too few of its terms
("the graphics-chip giant's valuation shrink" for "Nvidia's market capitalization plummet").
This asks, for every such sentence a question set produces, the model's probability of "Yes"
to two prompts: the judge's own (`prompts/judge.j2`, with the claim 'The answer to "Q" is: A')
and a plain relevance question, and labels each by the set (right: the expected words are in
the answer or its source sentence). Measured on 2026-12-01 (bench/results/relevance_judge.json,
17 calls over the article's dev material): at the judge's threshold of 0.8 the judge's prompt
accepted 2 of 12 right answers and 1 of 5 wrong ones (0.85), so the rescue was not kept. It
lives in commit 6e89cd9 (`policy.decide`, the `_WORDING` branch): check that out to rerun this.

    .venv/bin/python bench/bench_relevance.py tests/data/article_fresh.jsonl dev out.json
"""

from __future__ import annotations

import json
import sys

from bot import default_bot
from bot.evaluate import load_golden
from bot.judge import ModelJudge

RELEVANCE = ('Question: "{q}"\nSource sentence: "{s}"\n'
             "Does the source sentence answer this question, about the same subject? Answer Yes or No.")


def main(path: str, split: str | None, out: str) -> None:
    log: list[dict] = []

    def judge_and_record(self: ModelJudge, claim: str, source: str) -> bool:
        p = self.probability(claim, source)
        if claim.startswith('The answer to "'):
            q = claim[len('The answer to "') : claim.index('" is: ')]
            log.append({"q": q, "body": claim[claim.index('" is: ') + 6 :], "source": source, "p": p,
                        "alt": self._ask(RELEVANCE.format(q=q, s=source))})
        return p >= self.threshold

    ModelJudge.__call__ = judge_and_record
    bot = default_bot()
    for item in load_golden(path, split=split):
        seen = len(log)
        bot.ask(item.question)
        for r in log[seen:]:
            expected = item.answer_any or item.answer_all
            r.update(id=item.id, kind=item.kind, right=item.answerable and any(
                x.lower() in (r["body"] + " " + r["source"]).lower() for x in expected))
    json.dump(log, open(out, "w"), indent=1)
    for r in log:
        print(r["id"], r["kind"], r["right"], round(r["p"], 2), round(r["alt"], 2), "|", r["body"][:80])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] or None, sys.argv[3])
