"""A shop's backup restores with identical reports, on SQLite and PostgreSQL, next to another shop
(so every id is renumbered) — and the command line refuses what it must."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest

from bot.app.cli import main
from domain.books import reports
from domain.demo.load import load_demo, purge_shop
from domain.errors import DuplicatePhone, DuplicateShop, InvalidArgument
from domain.exchange import backup
from domain.periods import Period, resolve_period
from domain.store.uow import SqlUnitOfWork

TODAY = date(2026, 11, 20)
SLUG = "sharma-kirana"


def _all_reports(session_factory) -> dict[str, object]:
    """Every report the shop's books give, as comparable values (names, not ids)."""
    with SqlUnitOfWork(session_factory) as uow:
        shop = uow.shops.by_slug(SLUG)
        year = resolve_period("this_year", TODAY)
        customers = [p.name for p in uow.parties.list(shop.id)]
        return {
            "pnl": reports.profit_and_loss(uow, shop.id, year),
            "pnl_month": reports.profit_and_loss(uow, shop.id, resolve_period("last_month", TODAY)),
            "balance_sheet": reports.balance_sheet(uow, shop.id, TODAY),
            "trial_balance": reports.trial_balance(uow, shop.id, TODAY),
            "receivable": reports.outstanding(uow, shop.id, "receivable", TODAY),
            "payable": reports.outstanding(uow, shop.id, "payable", TODAY),
            "stock": reports.stock_summary(uow, shop.id),
            "sales": reports.sales_summary(uow, shop.id, year),
            "day_books": [reports.day_book(uow, shop.id, TODAY - timedelta(days=d)) for d in range(1, 15)],
            "statements": [reports.party_statement(uow, shop.id, name, Period(TODAY - timedelta(days=60), TODAY))
                           for name in customers],
        }


def _backup_bytes(session_factory) -> bytes:
    out = io.BytesIO()
    with SqlUnitOfWork(session_factory) as uow:
        summary = backup.backup(uow, SLUG, out)
    assert summary.tables["vouchers"] > 50 and summary.tables["postings"] > summary.tables["vouchers"]
    return out.getvalue()


def test_backup_restores_next_to_another_shop_with_identical_reports(session_factory):
    load_demo(session_factory, today=TODAY, days=12, seed=3)
    before = _all_reports(session_factory)
    data = _backup_bytes(session_factory)
    with SqlUnitOfWork(session_factory) as uow:
        old_id = uow.shops.by_slug(SLUG).id
        purge_shop(uow, old_id)
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        backup.restore(uow, backup.read(io.BytesIO(data)))
        uow.commit()
    with SqlUnitOfWork(session_factory) as uow:
        assert uow.shops.by_slug(SLUG).id != old_id  # renumbered past the other shop's rows
        assert uow.shops.by_slug("murugan-stores") is not None
    assert _all_reports(session_factory) == before
    # New writes after a restore get fresh ids and numbers that follow the restored ones.
    from tools import ToolContext, run_tool

    with SqlUnitOfWork(session_factory) as uow:
        shop_id = uow.shops.by_slug(SLUG).id
        owner_id = next(u.id for u in uow.users.list(shop_id) if u.role == "owner")
    outcome = run_tool(session_factory, ToolContext(shop_id, owner_id, "owner", TODAY), "record_sale",
                       {"amount": 100, "payment": "cash"})
    assert outcome.ok, outcome.error


def test_restore_refuses_an_existing_shop_and_taken_phones(session_factory):
    load_demo(session_factory, today=TODAY, days=3, seed=1, slugs=(SLUG,))
    data = _backup_bytes(session_factory)
    with SqlUnitOfWork(session_factory) as uow, pytest.raises(DuplicateShop):
        backup.restore(uow, backup.read(io.BytesIO(data)))
    document = backup.read(io.BytesIO(data))
    document["shop"] = "another-shop"
    with SqlUnitOfWork(session_factory) as uow, pytest.raises(DuplicatePhone):
        backup.restore(uow, document)


def test_read_refuses_what_is_not_a_backup():
    for junk in (b"", b"hello", json.dumps({"format": "munshi-backup", "version": 99}).encode()):
        with pytest.raises(InvalidArgument):
            backup.read(io.BytesIO(junk))


def test_command_line_backup_and_restore_into_an_empty_database(sqlite_url, tmp_path, capsys, _sqlite_template):
    import shutil

    from domain.store.db import make_engine, make_session_factory

    engine = make_engine(sqlite_url)
    load_demo(make_session_factory(engine), today=TODAY, days=5, seed=2)
    before = _all_reports(make_session_factory(engine))
    engine.dispose()
    out = tmp_path / "shop.munshi"
    assert main(["backup", "--db", sqlite_url, "--shop", SLUG, "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    target = tmp_path / "fresh.db"
    shutil.copy(_sqlite_template, target)
    fresh = f"sqlite:///{target}"
    assert main(["restore", "--db", fresh, "--in", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["shop"] == SLUG
    engine = make_engine(fresh)
    assert _all_reports(make_session_factory(engine)) == before
    engine.dispose()
    assert main(["restore", "--db", fresh, "--in", str(out)]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["ok"] is False and refused["error"]["code"] == "duplicate_shop"


@pytest.mark.parametrize("argv", [
    ["backup", "--shop", SLUG],
    ["restore"],
    ["export", "--shop", SLUG, "pdf", "--period", "this_month", "--out", "x"],
    ["export", "--shop", SLUG, "tally", "--out", "x"],
])
def test_bad_arguments_are_one_json_object_and_exit_1(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 1
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and json.loads(printed[0])["error"]["code"] == "invalid_arguments"


def test_export_refuses_a_bad_period_and_an_unknown_shop(sqlite_url, tmp_path, capsys):
    out = tmp_path / "x.xml"
    assert main(["export", "--db", sqlite_url, "--shop", SLUG, "tally", "--period", "someday",
                 "--out", str(out)]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid_arguments"
    assert main(["export", "--db", sqlite_url, "--shop", "nobody", "excel", "--period", "this_month",
                 "--out", str(out)]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unknown_shop"
    assert not out.exists()


def test_the_nightly_job_puts_each_shops_backup_in_the_media_store(sqlite_url, tmp_path):
    from bot.app.services import build_services
    from bot.app.settings import Settings
    from bot.runtime.backups import back_up_shops

    services = build_services(Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media",
                                       redis_url=None))
    try:
        load_demo(services.session_factory, today=TODAY, days=2, seed=4)
        written = back_up_shops(services, TODAY)
        assert set(written) == {SLUG, "murugan-stores"}
        stored = services.media_store.get(written[SLUG])
        document = backup.read(io.BytesIO(stored.data))
        assert document["shop"] == SLUG and document["tables"]["vouchers"]["rows"]
    finally:
        services.close()
