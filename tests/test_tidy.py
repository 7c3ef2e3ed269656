"""Extracted text reads as prose: tables keep their headers, furniture does not become passages.

Checked on small made-up inputs for each rule, then on the real linked sources (the DeepSeek
READMEs and the R1 report, as the project ships them)."""

from pathlib import Path

from bot.chunking import chunk_document
from bot.ingest import extract, html_to_markdown
from bot.sources import parse
from bot.tidy import is_junk, is_text_line, tidy_markdown, tidy_pdf_pages, tidy_text

ROOT = Path(__file__).resolve().parent.parent


def test_a_markdown_table_row_names_its_columns_and_a_spanning_category_carries_down():
    md = ("## Results\n\n| | Benchmark | **Model A** | Model B |\n|---|---|:---:|---|\n"
          "| English | MMLU (Acc.) | 87.1 | **88.5** |\n| | BBH (EM) | 80.0 | - |\n| Code | HumanEval | 65.2 | 70.1 |\n")
    out = tidy_markdown(md)
    assert "English; Benchmark: MMLU (Acc.); Model A: 87.1; Model B: 88.5." in out
    assert "English; Benchmark: BBH (EM); Model A: 80.0." in out  # the empty "-" cell is left out
    assert "Code; Benchmark: HumanEval; Model A: 65.2; Model B: 70.1." in out
    assert "|" not in out and "**" not in out


def test_badges_link_lists_and_html_wrappers_go_and_prose_links_keep_their_text():
    md = ('<!-- markdownlint-disable -->\n<div align="center">\n  <img src="logo.svg" alt="Logo" />\n</div>\n'
          '<a href="https://x.org"><img alt="Chat" src="https://img.shields.io/badge/x.svg"/></a>\n'
          "[![CI](https://ci/badge.svg)](https://ci)\n\n## Contents\n\n1. [Introduction](#1-introduction)\n"
          "2. [Model Summary](#2-model-summary)\n\n## 1. Introduction\n\n"
          "We present [Orion](https://orion.example), a model trained on 14.8 trillion tokens.\n")
    out = tidy_markdown(md)
    assert "We present Orion, a model trained on 14.8 trillion tokens." in out
    for junk in ("img", "shields", "badge", "[Introduction]", "#1-introduction", "markdownlint", "<div"):
        assert junk not in out
    assert "## 1. Introduction" in out  # headings stay: they name the passages' sections


def test_code_blocks_stay_as_written():
    md = "Run it:\n\n```shell\npython generate.py --ckpt-path | tee log\n```\n"
    assert "python generate.py --ckpt-path | tee log" in tidy_markdown(md)


def test_an_html_table_row_names_its_columns():
    html = ("<html><body><main><h1>Planets</h1><table><tr><th>Name</th><th>Mass (10^24 kg)</th></tr>"
            "<tr><td>Mercury</td><td>0.330</td></tr><tr><td>Venus</td><td>4.87</td></tr></table>"
            "<p>Venus is the hottest planet.</p></main></body></html>")
    text, _ = html_to_markdown(html)
    assert "Name: Mercury; Mass (10^24 kg): 0.330." in text and "Name: Venus; Mass (10^24 kg): 4.87." in text


def test_pdf_pages_lose_running_headers_formulas_figure_data_and_references():
    header = "Orion Technical Report 2024"
    pages = [
        f"{header}\nThe model was trained with a group baseline instead of a critic.\n"
        "𝐴𝑖 = 𝑟𝑖 − m𝑒𝑎𝑛({𝑟1, 𝑟2}) s𝑡𝑑({𝑟1, 𝑟2}) . (3)\n79.8\n96.3\n1",
        f"{header}\nMMLU (Pass@1) 88.3 87.2 90.8\n1 Introduction . . . . . . . . . . 3\n2",
        f"{header}\nIt reached 71.0% on the benchmark.\nReferences\nA. Smith, B. Jones. A paper. 2024.\n3",
        f"{header}\nAppendix A\nThe appendix text stays.\n4",
    ]
    out = "\n".join(tidy_pdf_pages(pages))
    assert header not in out and "𝑟𝑖" not in out and "79.8" not in out and ". . . ." not in out
    assert "A. Smith" not in out
    for kept in ("group baseline instead of a critic", "MMLU (Pass@1) 88.3 87.2 90.8",
                 "It reached 71.0%", "The appendix text stays."):
        assert kept in out
    assert is_text_line("MMLU (Pass@1) 88.3 87.2 90.8") and not is_text_line("79.8")


def _passages(path: Path):
    found = extract(str(path), max_bytes=50_000_000)
    doc = parse("x", found.text, fmt=found.fmt, title=found.title or path.stem)
    return chunk_document(doc)


def test_the_linked_sources_are_read_with_few_junk_passages_and_readable_table_rows():
    linked = [ROOT / "index" / "sources" / "originals" / name for name in
              ("deepseek-v3-readme.md", "deepseek-r1-readme.md", "deepseek-r1-technical-report.pdf")]
    passages = [p for path in linked for p in _passages(path)]
    junk = [p.text[:80] for p in passages if is_junk(p.text)]
    assert len(junk) <= 0.1 * len(passages), junk  # 98 of 307 before these rules, 15 of 245 after
    v3 = _passages(linked[0])
    row = next(p for p in v3 if "Context Length: 128K" in p.text)
    assert "Model: DeepSeek-V3" in row.text and row.place == "3. Model Downloads"
    r1 = _passages(linked[2])
    assert not any("The llama 3 herd of models" in p.text for p in r1)  # the reference list
    assert any("Group Relative Policy Optimization" in p.text for p in r1)


def test_junk_is_told_from_prose_and_table_rows():
    assert is_junk("[![CI](https://ci/badge.svg)](https://ci) <img src=x>")
    assert is_junk("𝐴𝑖 = 𝑟𝑖 − m𝑒𝑎𝑛 ( 𝑟1 , 𝑟2 ) 79.8 96.3 71.5 97.3")
    assert is_junk("A. Smith, B. Jones, C. Wu, D. Li, and E. Kim. A paper. arXiv, 2024. F. Lu, G. Ma.")
    assert not is_junk("DeepSeek-V3 requires only 2.788M H800 GPU hours for its full training.")
    assert not is_junk("如果回答很长，请尽量结构化、分段落总结。 如果需要分点作答，尽量控制在5个点以内。 请合并相关的内容。 谢谢。 好的。")
    assert is_text_line("深度求索公司发布了新的推理模型。")  # prose in any script is text
    assert not is_junk("Benchmark (Metric): BBH (EM); # Shots: 3-shot; DeepSeek-V2: 78.8; DeepSeek-V3: 87.5.")


def test_a_plain_text_table_row_names_its_columns():
    # The layout of Wikipedia's "Foxit Software" as converted to text (tests/data/docs/outside14.md):
    # a row's date had been 60 characters from its column's name, and rows of a table split across
    # passages lost their header.
    md = ("## Acquisitions\n\n  Company                Date of Close   Focus Area\n"
          "  ---------------------- --------------- ----------------------------------\n"
          "  CVISION Technologies   August 2017     Optical character recognition.\n"
          "  Sumilux                July 2016       A cloud-based collaboration platform.\n\nAfter the table.\n")
    out = tidy_markdown(md)
    assert "Company: CVISION Technologies; Date of Close: August 2017; Focus Area: Optical character recognition." in out
    assert "Company: Sumilux; Date of Close: July 2016; Focus Area: A cloud-based collaboration platform." in out
    assert "---" not in out and "After the table." in out
    assert tidy_text(md.replace("## ", "")).strip() == out.replace("## ", "").strip()  # the same in a .txt file


def test_a_link_inside_a_wrapped_sentence_is_its_words_and_marks_are_dropped():
    # KEP-2572 (tests/data/docs/outside15.md): a link alone on a line of a hard-wrapped paragraph
    # had been dropped as if it were a table of contents, leaving "have already begun for this change".
    md = ("## Risks\n\nSome downstream projects, such as Helm have already begun \n"
          "[planning](https://github.com/helm/community/blob/main/hips/hip-0002.md) \nfor this change.\n\n"
          "- [Summary](#summary)\n- [Motivation](#motivation)\n\n"
          "Each release will be *15* weeks, **not** 12; patch releases (`x.y.Z`) come monthly.\n\n"
          "[kubernetes.io]: https://kubernetes.io/\n")
    out = tidy_markdown(md)
    assert "have already begun\nplanning\nfor this change." in out
    assert "Summary" not in out and "Motivation" not in out  # a list of links only
    assert "Each release will be 15 weeks, not 12; patch releases (x.y.Z) come monthly." in out
    assert "kubernetes.io" not in out  # a link definition
    assert "snake_case_name and 2*3*4" in tidy_markdown("snake_case_name and 2*3*4\n")


def test_a_task_lists_boxes_go():
    # KEP-2572's sign-off checklist: "[ ] (R) Enhancement issue ..." had been read as a subject.
    out = tidy_markdown("- [ ] (R) Design details are appropriately documented\n- [x] Test plan is in place\n")
    assert "- (R) Design details are appropriately documented" in out and "- Test plan is in place" in out
    assert "[" not in out
