"""The synthetic world ("digital twin"): countries, bureaus, users and persons, deterministic
for a seed, with ground truth kept so benchmarks can score matching."""
