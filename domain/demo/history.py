"""A plausible trading history for a demo shop, as plain events: pure and deterministic for a seed.

What it models: a weekly rhythm (Sunday busiest, Monday quiet), month-start peaks when salaries
arrive, festival spikes (Diwali and Dussehra, Holi in the north, Pongal for a Tamil shop), credit
(udhaar) customers with their own paying habits (some pay within a fortnight, some 30-90+ days
late), suppliers' purchases whenever stock falls under its reorder level, and the shop's expenses
(rent and salaries on the 1st, electricity, phone, tea every day), and cash taken to the bank.
Stock and cash are simulated alongside so no sale ever takes an item below zero. No database: `domain.demo.apply` books the events.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from domain.demo.shops import DemoItem, DemoParty, DemoShop
from domain.money import round_half_up
from domain.units import convert

FESTIVALS: dict[str, tuple[date, ...]] = {
    "diwali": (date(2024, 11, 1), date(2025, 10, 20), date(2026, 11, 8), date(2027, 10, 29)),
    "dussehra": (date(2024, 10, 12), date(2025, 10, 2), date(2026, 10, 20), date(2027, 10, 9)),
    "holi": (date(2025, 3, 14), date(2026, 3, 4), date(2027, 3, 22)),
    "pongal": (date(2025, 1, 14), date(2026, 1, 14), date(2027, 1, 15)),
}
NORTH_FESTIVALS = ("diwali", "dussehra", "holi")
SOUTH_FESTIVALS = ("diwali", "pongal")  # Deepavali and Thai Pongal in Tamil Nadu
FESTIVAL_ITEMS = {
    "diwali": ("Sugar", "Ghee", "Besan", "Maida", "Suji", "Mustard Oil", "Dairy Milk", "Candle",
               "Agarbatti", "Coca-Cola 750ml", "Jaggery", "Groundnut Oil", "Kurkure"),
    "dussehra": ("Sugar", "Ghee", "Besan", "Suji", "Agarbatti", "Coconut"),
    "holi": ("Maida", "Sugar", "Ghee", "Besan", "Coca-Cola 750ml", "Kurkure", "Lays Chips", "Mustard Oil"),
    "pongal": ("Rice", "Jaggery", "Ghee", "Moong Dal", "Coconut", "Sugar", "Agarbatti"),
}
# Days around a festival -> how much busier the shop is (0 = the festival day).
FESTIVAL_CURVE = {
    "diwali": {-6: 1.5, -5: 1.8, -4: 2.0, -3: 2.2, -2: 2.6, -1: 2.3, 0: 1.4, 1: 0.6, 2: 1.1},
    "dussehra": {-3: 1.3, -2: 1.4, -1: 1.5, 0: 1.1},
    "holi": {-3: 1.4, -2: 1.6, -1: 1.8, 0: 0.4},
    "pongal": {-3: 1.5, -2: 1.8, -1: 2.2, 0: 1.3},
}
WEEKDAY_FACTOR = (0.75, 0.95, 0.95, 1.0, 1.05, 1.2, 1.4)  # Monday .. Sunday
POPULAR = {
    "Milk": 6, "Bread": 3, "Eggs": 3, "Sugar": 3, "Rice": 3, "Wheat Atta": 3, "Toor Dal": 2,
    "Salt": 2, "Tea": 2, "Mustard Oil": 2, "Sunflower Oil": 2, "Onion": 3, "Potato": 3, "Tomato": 2,
    "Parle-G Biscuit": 3, "Maggi Noodles": 2, "Curd": 2, "Matchbox": 1.5, "Washing Bar": 1.5,
    "Lux Soap": 1.5, "Shampoo Sachet": 1.5, "Lays Chips": 1.5, "Kurkure": 1.5,
}
DAIRY = ("Milk", "Curd", "Paneer", "Bread", "Eggs")
BULK_ITEMS = ("Sugar", "Maida", "Ghee", "Besan", "Sunflower Oil", "Milk", "Suji", "Groundnut Oil")
# Each credit customer's habit: days from a bill to paying for it, and what share they pay.
HABITS = {
    "prompt": ((5, 15), (Decimal("1"), Decimal("1"))),
    "monthly": ((25, 40), (Decimal("0.8"), Decimal("1"))),
    "late": ((40, 75), (Decimal("0.5"), Decimal("0.8"))),
    "very_late": ((85, 120), (Decimal("0.2"), Decimal("0.4"))),
}
ONE = Decimal(1)
OPENING_CASH = Decimal(25000)  # the shop's capital on the opening day: cash in the drawer ...
OPENING_BANK = Decimal(150000)  # ... and in the bank
CASH_FLOAT = Decimal(15000)  # cash kept in the drawer; more is deposited


@dataclass(frozen=True, slots=True)
class Line:
    item: str
    qty: Decimal
    unit: str
    rate: Decimal | None = None  # rupees per `unit`; None: the catalog price


@dataclass(frozen=True, slots=True)
class Sale:
    day: date
    lines: tuple[Line, ...]
    payment: str
    party: str | None = None


@dataclass(frozen=True, slots=True)
class Purchase:
    day: date
    party: str
    lines: tuple[Line, ...]
    payment: str
    invoice_no: str


@dataclass(frozen=True, slots=True)
class PaymentIn:
    day: date
    party: str
    amount: Decimal
    payment: str


@dataclass(frozen=True, slots=True)
class PaymentOut:
    day: date
    party: str
    amount: Decimal
    payment: str


@dataclass(frozen=True, slots=True)
class Expense:
    day: date
    category: str
    amount: Decimal
    payment: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Deposit:
    """Cash taken from the drawer to the bank."""

    day: date
    amount: Decimal


HistoryEvent = Sale | Purchase | PaymentIn | PaymentOut | Expense | Deposit


@dataclass
class _Customer:
    party: DemoParty
    habit: str
    bulk: bool
    unpaid: list[list] = field(default_factory=list)  # [day, rupees outstanding] oldest first
    next_due: date | None = None


def _festival_factor(day: date, festivals: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
    factor, active = 1.0, []
    for name in festivals:
        for fday in FESTIVALS[name]:
            offset = (day - fday).days
            if offset in FESTIVAL_CURVE[name]:
                factor *= FESTIVAL_CURVE[name][offset]
                if offset <= 0:
                    active.append(name)
    return factor, tuple(active)


def day_factor(day: date, festivals: tuple[str, ...]) -> float:
    """How busy the counter is on `day` relative to an ordinary Thursday."""
    factor = WEEKDAY_FACTOR[day.weekday()]
    if day.day <= 5:
        factor *= 1.3  # salaries have arrived
    elif day.day <= 10:
        factor *= 1.1
    elif day.day >= 25:
        factor *= 0.9
    return factor * _festival_factor(day, festivals)[0]


def _counter_qty(rng: random.Random, item: DemoItem) -> tuple[Decimal, str]:
    """What one customer takes of an item, in the unit they would say."""
    n = Decimal
    if item.unit == "kg":
        if item.rate >= 200:
            return rng.choice((n(50), n(100), n(100), n(200), n(250), n(500))), "g"
        if item.rate >= 100:
            return rng.choice((n("0.25"), n("0.5"), n("0.5"), ONE, ONE, n(2))), "kg"
        return rng.choice((n("0.5"), ONE, ONE, n(2), n(2), n(5))), "kg"
    if item.unit == "l":
        return rng.choice((n("0.5"), ONE, ONE, ONE, n(2), n(5))), "l"
    if item.name == "Eggs":
        return rng.choice((n(6), n(6), n(12), n(12), n(30))), "pc"
    if item.unit == "pc" and item.rate <= 5:
        return rng.choice((ONE, n(2), n(5), n(10))), "pc"
    if item.unit == "pack" and item.name == "Milk":
        return rng.choice((ONE, n(2), n(2), n(3), n(4))), "pack"
    return rng.choice((ONE, ONE, ONE, n(2), n(2), n(3))), item.unit


def _order_qty(item: DemoItem, stock: Decimal, boost: bool) -> Decimal:
    target = max(item.stock, item.reorder_level * 3) * (Decimal("1.8") if boost else ONE)
    need = target - stock
    lot = Decimal(30) if item.name == "Eggs" else Decimal(10) if item.unit in ("pc", "pack") or item.reorder_level >= 10 else ONE
    lots = (need / lot).to_integral_value(rounding=ROUND_CEILING)
    return max(lots, ONE) * lot


def _supplier_for(item: DemoItem, index: int, suppliers: tuple[DemoParty, ...]) -> DemoParty:
    dairy = [s for s in suppliers if any(w in s.name.lower() for w in ("amul", "aavin", "milk", "dairy"))]
    general = [s for s in suppliers if s not in dairy] or list(suppliers)
    if item.name in DAIRY and dairy:
        return dairy[0]
    return general[index % len(general)]


def _round_down(amount: Decimal, step: int) -> Decimal:
    return (amount / step).to_integral_value(rounding=ROUND_FLOOR) * step


class _Simulation:
    def __init__(self, shop: DemoShop, seed: int) -> None:
        self.shop = shop
        self.rng = random.Random(f"munshi-demo:{seed}:{shop.slug}")
        self.items = {item.name: item for item in shop.items}
        self.stock = {item.name: item.stock for item in shop.items}
        self.weights = [POPULAR.get(item.name, 1.0) for item in shop.items]
        self.festivals = SOUTH_FESTIVALS if shop.state_code == "33" else NORTH_FESTIVALS
        self.suppliers = shop.suppliers()
        self.supplier_of = {item.name: _supplier_for(item, i, self.suppliers) for i, item in enumerate(shop.items)}
        self.invoice_counter = {s.name: 100 + self.rng.randrange(900) for s in self.suppliers}
        self.payables: dict[str, list[list]] = {s.name: [] for s in self.suppliers}  # [due day, rupees]
        # Every shop has one customer who lets dues run past 90 days and two who pay 40-75 days late.
        habits = ("very_late", "late", "monthly", "prompt", "late", "monthly", "prompt")
        walk_in = [p for p in shop.customers() if p.gstin is None]
        self.rng.shuffle(walk_in)
        habit_of = {p.name: habits[i % len(habits)] for i, p in enumerate(walk_in)}
        self.customers = [
            _Customer(p, habit_of.get(p.name, "monthly"), p.gstin is not None) for p in shop.customers()
        ]
        self.bill_base = 9 + len(shop.items) // 25
        self.cash = OPENING_CASH

    # --- stock -------------------------------------------------------------------------------
    def _take(self, name: str, qty: Decimal, unit: str) -> Line | None:
        item = self.items[name]
        in_item_unit = convert(qty, unit, item.unit)
        if in_item_unit > self.stock[name]:
            return None
        self.stock[name] -= in_item_unit
        return Line(name, qty, unit)

    def _value(self, line: Line) -> Decimal:
        item = self.items[line.item]
        return round_half_up(convert(line.qty, line.unit, item.unit) * item.rate)

    # --- a day ------------------------------------------------------------------------------
    def day(self, day: date) -> Iterator[HistoryEvent]:
        events = list(self._trading(day))
        for event in events:
            self.cash += self._cash_effect(event)
        yield from events
        # Cash beyond a float for the drawer goes to the bank on weekdays.
        if day.weekday() < 5 and self.cash > CASH_FLOAT * 2:
            deposit = _round_down(self.cash - CASH_FLOAT, 1000)
            self.cash -= deposit
            yield Deposit(day, deposit)

    def _trading(self, day: date) -> Iterator[HistoryEvent]:
        _, active = _festival_factor(day, self.festivals)
        yield from self._restock(day, upcoming=self._upcoming_festival_items(day))
        yield from self._expenses(day)
        busy = day_factor(day, self.festivals)
        bills = max(3, round(self.bill_base * busy * self.rng.uniform(0.85, 1.15)))
        boost_items = {name for f in active for name in FESTIVAL_ITEMS[f]}
        for _ in range(bills):
            sale = self._counter_sale(day, boost_items)
            if sale:
                yield sale
        yield from self._credit_sales(day, boost_items)
        yield from self._collections(day)
        yield from self._supplier_payments(day)

    def _cash_effect(self, event: HistoryEvent) -> Decimal:
        if isinstance(event, Sale) and event.payment == "cash":
            return sum((self._value(li) for li in event.lines), Decimal(0))
        if isinstance(event, Purchase) and event.payment == "cash":
            return -sum((round_half_up(li.qty * (li.rate or 0)) for li in event.lines), Decimal(0))
        if isinstance(event, (PaymentIn, PaymentOut, Expense)) and event.payment == "cash":
            return event.amount if isinstance(event, PaymentIn) else -event.amount
        return Decimal(0)

    def _upcoming_festival_items(self, day: date) -> set[str]:
        names: set[str] = set()
        for fest in self.festivals:
            for fday in FESTIVALS[fest]:
                if 0 < (fday - day).days <= 12:
                    names.update(FESTIVAL_ITEMS[fest])
        return names

    def _pick_items(self, count: int, boost: set[str]) -> list[DemoItem]:
        weights = [w * (4 if item.name in boost else 1) for w, item in zip(self.weights, self.shop.items, strict=True)]
        chosen: list[DemoItem] = []
        for item in self.rng.choices(self.shop.items, weights=weights, k=count * 2):
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == count:
                break
        return chosen

    def _counter_sale(self, day: date, boost: set[str], party: str | None = None, payment: str | None = None) -> Sale | None:
        # A counter bill here stands for a few customers' purchases (Rule 46 lets small cash sales be
        # billed together), so bills are fewer and fuller than the customers through the door.
        count = self.rng.choices((1, 2, 3, 4, 6, 8), weights=(10, 15, 20, 20, 18, 17))[0]
        ration = day.day <= 5 and self.rng.random() < 0.3  # the month's ration once the salary is in
        if ration:
            count = self.rng.randint(8, 12)
        lines = []
        for item in self._pick_items(count, boost):
            qty, unit = _counter_qty(self.rng, item)
            if item.name in boost or (ration and unit in ("kg", "l", "pack")):
                qty = qty * 2
            line = self._take(item.name, qty, unit)
            if line:
                lines.append(line)
        if not lines:
            return None
        if payment is None:
            payment = self.rng.choices(("cash", "upi", "card"), weights=(58, 40, 2))[0]
        return Sale(day, tuple(lines), payment, party)

    def _credit_sales(self, day: date, boost: set[str]) -> Iterator[Sale]:
        for customer in self.customers:
            if customer.bulk:
                if day.weekday() not in (2, 5):  # the sweet shop stocks up on Wednesdays and Saturdays
                    continue
                lines = []
                for name in self.rng.sample([n for n in BULK_ITEMS if n in self.items], 4):
                    item = self.items[name]
                    qty = Decimal(self.rng.choice((10, 15, 20, 25))) * (2 if name in boost else 1)
                    line = self._take(name, qty, item.unit)
                    if line:
                        lines.append(line)
                sale = Sale(day, tuple(lines), "credit", customer.party.name) if lines else None
            elif self.rng.random() < 0.16 * WEEKDAY_FACTOR[day.weekday()]:
                sale = self._counter_sale(day, boost, customer.party.name, "credit")
            else:
                sale = None
            if sale:
                customer.unpaid.append([day, sum((self._value(li) for li in sale.lines), Decimal(0))])
                yield sale

    def _collections(self, day: date) -> Iterator[PaymentIn]:
        for customer in self.customers:
            if not customer.unpaid:
                continue
            (low, high), (share_low, share_high) = HABITS[customer.habit]
            if customer.next_due is None:
                customer.next_due = customer.unpaid[0][0] + timedelta(days=self.rng.randint(low, high))
            if day < customer.next_due:
                continue
            if customer.habit == "monthly" and day.day > 7 and not customer.bulk:
                continue  # pays when the salary comes
            owed = sum((u[1] for u in customer.unpaid), Decimal(0))
            share = share_low + (share_high - share_low) * Decimal(self.rng.randint(0, 10)) / 10
            amount = owed if share == ONE else _round_down(owed * share, 100)
            amount = _round_down(amount, 10) if amount == owed else amount
            customer.next_due = None
            if amount <= 0:
                continue
            self._settle(customer.unpaid, amount)
            payment = self.rng.choices(("cash", "upi"), weights=(55, 45))[0]
            yield PaymentIn(day, customer.party.name, amount, "bank" if customer.bulk else payment)

    @staticmethod
    def _settle(bills: list[list], amount: Decimal) -> None:
        while amount > 0 and bills:
            take = min(amount, bills[0][1])
            bills[0][1] -= take
            amount -= take
            if bills[0][1] <= 0:
                bills.pop(0)

    def _restock(self, day: date, upcoming: set[str]) -> Iterator[Purchase | Expense]:
        orders: dict[str, list[Line]] = {}
        for item in self.shop.items:
            if self.stock[item.name] < item.reorder_level or (item.name in upcoming and self.stock[item.name] < item.stock):
                qty = _order_qty(item, self.stock[item.name], item.name in upcoming)
                self.stock[item.name] += qty
                orders.setdefault(self.supplier_of[item.name].name, []).append(Line(item.name, qty, item.unit, item.cost))
        for supplier in self.suppliers:
            lines = orders.get(supplier.name)
            if not lines:
                continue
            self.invoice_counter[supplier.name] += 1
            initials = "".join(w[0] for w in supplier.name.split()).upper()
            invoice_no = f"{initials}-{self.invoice_counter[supplier.name]}"
            total = sum((round_half_up(li.qty * (li.rate or 0)) for li in lines), Decimal(0))
            dairy = any(li.item in DAIRY for li in lines)
            if dairy:
                yield Purchase(day, supplier.name, tuple(lines), "cash", invoice_no)
                continue
            yield Purchase(day, supplier.name, tuple(lines), "credit", invoice_no)
            self.payables[supplier.name].append([day + timedelta(days=self.rng.randint(7, 21)), total])
            if self.rng.random() < 0.2:
                yield Expense(day, "transport", Decimal(self.rng.choice((150, 200, 250, 300, 400))), "cash", "tempo bhada")

    def _supplier_payments(self, day: date) -> Iterator[PaymentOut]:
        for supplier, bills in self.payables.items():
            due = [b for b in bills if b[0] <= day]
            if not due:
                continue
            amount = _round_down(sum((b[1] for b in due), Decimal(0)), 10)
            for bill in due:
                bills.remove(bill)
            if amount > 0:
                yield PaymentOut(day, supplier, amount, self.rng.choice(("bank", "upi")))

    def _expenses(self, day: date) -> Iterator[Expense]:
        rng, north = self.rng, self.shop.state_code != "33"
        if day.day == 1:
            yield Expense(day, "rent", Decimal(8000 if north else 6500), "bank", "dukaan ka kiraya")
            for user in self.shop.users[1:]:
                pay = Decimal(7000 if user.role == "staff" else 2500)  # the accountant comes part-time
                yield Expense(day, "salary", pay, "cash", user.name)
        if day.day == 8:
            hot = day.month in (4, 5, 6, 7)
            yield Expense(day, "electricity", Decimal(rng.randrange(2600 if hot else 1700, 3600 if hot else 2600, 10)), "upi", "bijli bill")
        if day.day == 15:
            yield Expense(day, "phone", Decimal(299), "upi", "recharge")
        if day.day in (10, 24):
            yield Expense(day, "packaging", Decimal(rng.choice((250, 300, 400, 500))), "cash", "thaili")
        if rng.random() < 0.02:
            yield Expense(day, "repairs", Decimal(rng.choice((300, 450, 800, 1200))), "cash", None)
        if rng.random() < 0.9:
            yield Expense(day, "tea_snacks", Decimal(rng.choice((30, 40, 50, 60, 80))), "cash", "chai")


def generate_history(shop: DemoShop, *, end: date, days: int, seed: int = 0) -> list[HistoryEvent]:
    """`days` days of trading ending on `end` (inclusive), in booking order; same seed, same events."""
    if days <= 0:
        return []
    sim = _Simulation(shop, seed)
    start = end - timedelta(days=days - 1)
    events: list[HistoryEvent] = []
    for offset in range(days):
        events.extend(sim.day(start + timedelta(days=offset)))
    return events
