"""How values read in Indonesian documents: money as "Rp 1.250.000"."""


def rupiah(value) -> str:
    """1250000 → "Rp 1.250.000": the dot is added here, never by a global setting
    (a global thousand separator also breaks numbers in URLs)."""
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
