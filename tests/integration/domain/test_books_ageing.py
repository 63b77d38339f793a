"""Outstanding dues are aged FIFO: receipts settle the oldest bills first, an undone bill is no
bill, and an old khata brought in as an opening balance ages from its own date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from domain.books import parties, reports, shops, vouchers
from domain.money import Money
from domain.store.uow import SqlUnitOfWork


def test_receipts_settle_the_oldest_bills_first(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        shop, owner = shops.create_shop(uow, name="S", slug="s", state_code="09", owner_name="O",
                                        owner_phone="+919400000001")
        sid, uid = shop.id, owner.id
        parties.add_party(uow, sid, name="Geeta Devi", kind="customer")
        # the old khata: ₹400 owed since 1 July
        parties.add_party(uow, sid, name="Irfan", kind="customer", opening_balance=D(400), on=date(2026, 7, 1),
                          user_id=uid)

        def credit_sale(day, rupees):
            return vouchers.post_sale(uow, sid, user_id=uid, on=day, amount=D(rupees), party="Geeta Devi",
                                      payment="credit")

        credit_sale(date(2026, 8, 1), 1000)
        credit_sale(date(2026, 9, 15), 500)
        credit_sale(date(2026, 11, 1), 300)
        credit_sale(date(2026, 11, 10), 999)
        vouchers.undo_last(uow, sid, user_id=uid)  # the ₹999 bill was a mistake
        vouchers.post_receipt(uow, sid, user_id=uid, on=date(2026, 10, 1), party="Geeta Devi", amount=D(1200))
        owed = reports.outstanding(uow, sid, "receivable", as_of=date(2026, 11, 30))
        uow.commit()
    geeta, irfan = owed.parties
    # 1,000 + 500 + 300 billed, 1,200 paid: the August bill and 200 of September's are settled
    assert geeta.balance == Money.from_rupees(600)
    # what is left: 300 of 15 Sep (76 days old) and 300 of 1 Nov (29 days old)
    assert geeta.days == 76
    assert geeta.ageing == {"0-30": Money(30000), "31-60": Money(0), "61-90": Money(30000), "90+": Money(0)}
    assert (irfan.balance, irfan.days, irfan.ageing["90+"]) == (Money(40000), 152, Money(40000))
    assert owed.total == Money(100000)
    assert owed.ageing["61-90"] == Money(30000)
