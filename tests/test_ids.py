"""Identifiers (contract §1): a type prefix and 24 characters of lowercase base32."""

from __future__ import annotations

from collections import Counter

from panelist.kit.ids import _ALPHABET, ID_LENGTH, looks_like_id, new_id


def test_new_ids_have_the_contract_shape_and_use_the_whole_alphabet() -> None:
    ids = [new_id("cand_") for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        assert looks_like_id(value, "cand_")
        assert len(value) == len("cand_") + ID_LENGTH
    counts = Counter(ch for value in ids for ch in value[len("cand_") :])
    assert set(counts) == set(_ALPHABET)
    # 120 000 characters over 32 symbols: 3 750 each on average; a skewed generator (e.g. one
    # that never emits digits, or favours some letters) falls far outside this band.
    assert all(3000 < n < 4500 for n in counts.values()), counts
