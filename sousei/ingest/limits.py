"""Bounds on what a read may cost, so a hostile or broken file fails fast instead of hanging."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every bound in one place; `read_table(limits=Limits(max_columns=50))` changes one."""

    max_columns: int = 2_000
    # One row of a text file, in bytes; also the block pyarrow parses at a time.
    max_line_bytes: int = 8 * MiB
    # One cell of a text file, in characters. The head of every file is read with the `csv`
    # module, whose own (process-wide) limit of 131,072 applies there too; it is not changed.
    max_field_chars: int = 131_072
    # An .xlsx is a zip: the sum of its members' uncompressed sizes, and the largest ratio
    # uncompressed/compressed for a member over `zip_ratio_floor` bytes. Deflate tops out near
    # 1,000:1, which bombs reach; sheets of styled empty cells reach 200:1, ordinary sheets 5–20.
    max_uncompressed_bytes: int = 1024 * MiB
    max_zip_ratio: int = 500
    zip_ratio_floor: int = 1 * MiB
    max_zip_members: int = 10_000
    # Rows a text file is read with Python's csv module to find its title, header and notes;
    # files longer than this are parsed with pyarrow.
    head_rows: int = 2_000
    head_bytes: int = 4 * MiB
    max_problems_per_code: int = 100


DEFAULT_LIMITS = Limits()
