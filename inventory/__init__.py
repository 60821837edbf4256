"""The single source of truth: wards, expected machines and the old-to-new unit mapping."""
