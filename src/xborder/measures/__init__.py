"""Corrective measures on a member country: imposed and lifted by the secretariat, enforced
where the exchange, notices and screening act."""
