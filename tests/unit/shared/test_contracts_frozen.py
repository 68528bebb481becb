from shared.contracts.snapshot import SCHEMA_DIR, current_schemas, render


def test_every_contract_has_a_snapshot_and_none_changed() -> None:
    schemas = current_schemas()
    missing = [name for name in schemas if not (SCHEMA_DIR / name).exists()]
    assert not missing, f"run `python -m shared.contracts.snapshot` for {missing}"
    changed = [n for n, s in schemas.items() if (SCHEMA_DIR / n).read_bytes() != render(s)]
    assert not changed, f"published contracts changed (add a new version instead): {changed}"


def test_no_snapshot_without_a_registered_contract() -> None:
    orphans = {p.name for p in SCHEMA_DIR.glob("*.json")} - set(current_schemas())
    assert not orphans
