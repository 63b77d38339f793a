"""`munshi parse`: one JSON object for a TEXT, one line per input line for --jsonl, nothing else."""

from __future__ import annotations

import io
import json

from bot.app.cli import main


def test_parse_text_prints_one_json_object(demo_dir, capsys):
    code = main(["parse", "--shop", str(demo_dir / "sharma-kirana"), "--today", "2026-11-20",
                 "रमेश को 2 किलो चीनी उधार"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("\n") == 1
    row = json.loads(out)
    assert row["tool"] == "record_sale"
    assert row["args"] == {"items": [{"item": "Sugar", "qty": 2, "unit": "kg", "rate": None, "amount": None}],
                           "party": "Ramesh Kumar", "payment": "credit"}
    assert row["lang"] == "hi"
    assert 0 < row["confidence"] <= 1


def test_parse_jsonl_answers_each_line_in_order_with_its_own_today(demo_dir, capsys, monkeypatch):
    lines = [{"id": "a", "text": "kal 2 kilo cheeni bechi", "today": "2026-11-20"},
             {"id": "b", "text": "kal 2 kilo cheeni bechi", "today": "2026-03-01"},
             {"id": 3, "text": ""},
             {"id": "d", "text": "haan"}]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"))
    code = main(["parse", "--shop", str(demo_dir / "sharma-kirana"), "--jsonl"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    rows = [json.loads(line) for line in out]
    assert [r["id"] for r in rows] == ["a", "b", 3, "d"]
    assert all(set(r) == {"id", "tool", "args", "lang", "confidence"} for r in rows)
    assert rows[0]["args"]["date"] == "2026-11-19"
    assert rows[1]["args"]["date"] == "2026-02-28"
    assert rows[2]["tool"] == "unknown"
    assert rows[3]["tool"] == "confirm"


def test_parse_jsonl_skips_lines_that_are_not_json_without_polluting_stdout(demo_dir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('not json\n{"id": 1, "text": "namaste"}\n'))
    main(["parse", "--shop", str(demo_dir / "murugan-stores"), "--jsonl"])
    captured = capsys.readouterr()
    assert [json.loads(line)["tool"] for line in captured.out.splitlines()] == ["greeting"]
    assert "not json" in captured.err
