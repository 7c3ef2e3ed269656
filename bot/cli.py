"""Command line: `python -m bot ask "question"`, `index`, `sources list|add|remove`, `eval`."""

from __future__ import annotations

import argparse
import logging
import sys

from .answer import Answer
from .config import Settings
from .errors import BotError


def format_answer(answer: Answer) -> str:
    """The answer and the passages it cites, as plain text."""
    lines = [answer.text, ""]
    if answer.abstained:
        lines.append("Nearest passages (none states the answer):")
        shown = answer.passages
    else:
        lines.append("Sources:")
        shown = answer.citations
    for c in shown:
        lines.append(f"[{c.n}] {c.where}, characters {c.start}-{c.end} (score {c.score:.2f})")
        lines.append(f"    {c.text}")
    if answer.revised:
        lines.append("")
        lines.append(f"(verification changed the model's draft: {answer.raw_text!r})")
    t = answer.timings
    lines.append("")
    lines.append(
        f"first token {t.first_token_s:.2f} s, total {t.total_s:.2f} s, "
        f"{t.completion_tokens} tokens at {t.tokens_per_s:.1f} tokens/s"
    )
    return "\n".join(lines)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .rag import Bot

    bot = Bot.from_settings(settings, progress=True)
    stream = bot.stream(args.question)
    if args.stream:
        for piece in stream:
            print(piece, end="", flush=True)
        print("\n")
    else:
        for _ in stream:
            pass
    print(format_answer(stream.answer))
    return 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from .embedder import MiniLMEmbedder
    from .sources import load_documents
    from .store import open_store

    docs = load_documents(settings.index_dir)
    store = open_store(
        settings.index_dir, docs, MiniLMEmbedder(), max_words=settings.chunk_words,
        progress=True, rebuild=True, exact_max=settings.exact_search_max,
    )
    print(f"index built: {len(store)} passages from {len(docs)} source(s) in {settings.index_dir / 'built'}")
    return 0


def _prepare(args: argparse.Namespace, settings: Settings) -> int:
    from .rag import Bot

    bot = Bot.from_settings(settings.with_(prepare_in_background=False), progress=True)
    bot.warm()
    bot.prepare_all(progress=True)
    done, total = bot.preparing
    print(f"prompts prepared: {done} of {total} block(s) of passages, saved under {settings.cache_dir / 'states'}")
    return 0


def _sources(args: argparse.Namespace, settings: Settings) -> int:
    from .library import Library

    library = Library(settings, progress=True)
    if args.action == "list":
        sources = library.list()
        for x in sources:
            print(f"{x.id}\t{x.kind}\t{x.passages} passages\t{x.title}\t{x.origin}\t{x.added}")
            for note in x.notes:
                print(f"  note: {note}")
        print(f"{len(sources)} source(s), {sum(x.passages for x in sources)} passages")
    elif args.action == "add":
        x = library.add(args.target, title=args.title)
        for note in x.notes:
            print(f"note: {note}")
        print(f"added {x.id!r}: {x.title} ({x.kind}, {x.passages} passages) from {x.origin}")
    else:
        x = library.remove(args.target)
        print(f"removed {x.id!r}: {x.title} ({x.passages} passages)")
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import tempfile
    from pathlib import Path

    from .evaluate import GOLDEN, by_kind, load_golden, run, summarize, table
    from .rag import Bot

    if args.conversations:
        from .evaluate import run_conversations, summarize_conversations

        convs = [json.loads(x) for x in Path(args.conversations).read_text("utf-8").splitlines() if x.strip()]
        convs = [c for c in convs if args.split is None or c.get("split") == args.split]
        bot = Bot.from_settings(settings.with_(prepare_in_background=False), progress=True)
        bot.warm()
        bot.prepare_all(progress=True)
        rows = run_conversations(bot, convs)
        for r in rows:
            if r["alone"] != r["right"]:
                print(f"- {r['id']} [{r['kind']}] conversation {'right' if r['right'] else 'WRONG'}, alone "
                      f"{'right' if r['alone'] else 'wrong'}\n    in conversation: {r['answer']!r}\n"
                      f"    alone: {r['alone_answer']!r}")
        print(table(summarize_conversations(rows)))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"metrics": dict(summarize_conversations(rows)), "rows": rows}, f, indent=2)
        return 0
    items = load_golden(args.set or GOLDEN, split=args.split)
    with tempfile.TemporaryDirectory(prefix="bot-eval-") as tmp:
        if args.source:  # a question set about another document: the bot answers from it alone
            import shutil

            from .library import Library

            shutil.copy(settings.index_dir / "sources.json", Path(tmp) / "sources.json")
            shutil.copytree(settings.index_dir / "sources", Path(tmp) / "sources")
            settings = settings.with_(index_dir=Path(tmp))
            library = Library(settings)
            before = [s.id for s in library.list()]
            library.add(args.source)
            for source_id in before:
                library.remove(source_id)
        bot = Bot.from_settings(settings.with_(prepare_in_background=False), progress=True)
        bot.warm()
        bot.prepare_all(progress=True)  # every block's prompt ready, so timings are of answers
        rows = run(bot, items)
    for r in rows:
        bad = [k for k in ("correct", "cited", "resisted") if r.get(k) is False]
        if r["wrong_shown"] and "correct" not in r:
            bad.append("answered")
        if bad:
            print(f"- {r['id']} [{r['kind']}] ({', '.join(bad)}) Q: {r['question']!r}\n    A: {r['answer']!r}\n"
                  f"    draft: {r['raw']!r}")
    print(table(summarize(rows)))
    print()
    print(by_kind(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"metrics": dict(summarize(rows)), "rows": rows}, f, indent=2)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ask", help="answer one question from the sources")
    p.add_argument("question")
    p.add_argument("--stream", action="store_true", help="print the draft as it is generated")
    p.set_defaults(run=_ask)
    p = sub.add_parser("index", help="rebuild the index from the sources")
    p.set_defaults(run=_index)
    p = sub.add_parser("prepare", help="process and save every block of passages' prompt (done in the background otherwise)")
    p.set_defaults(run=_prepare)
    p = sub.add_parser("sources", help="list, add or remove the sources the bot answers from")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("list", help="the sources, with passage counts")
    a.set_defaults(run=_sources)
    a = actions.add_parser("add", help="add a .txt/.md/.html/.pdf file or an http(s) URL")
    a.add_argument("target", metavar="PATH_OR_URL")
    a.add_argument("--title", help="title shown in citations (default: found in the source)")
    a.set_defaults(run=_sources)
    a = actions.add_parser("remove", help="remove a source by id (see `sources list`)")
    a.add_argument("target", metavar="ID")
    a.set_defaults(run=_sources)
    p = sub.add_parser("eval", help="score the bot on a golden question set")
    p.add_argument("--set", help="JSON-lines question set (default: tests/data/golden.jsonl)")
    p.add_argument("--json", help="also write the per-question results here")
    p.add_argument("--split", choices=["dev", "test"], help="only the items of this split")
    p.add_argument("--source", help="answer from this document alone (a set about another document)")
    p.add_argument("--conversations", metavar="FILE",
                   help="play these conversations through the chat page's path, each turn also asked alone")
    p.set_defaults(run=_eval)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.run(args, Settings.from_env())
    except BotError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
