"""The analytical store (DuckDB + Parquet): immutable resource versions, bounded queries, exports.

Pure Python, no Django. See `sousei.warehouse.store` for the design.
"""

from sousei.warehouse.store import QueryResult, VersionInfo, Warehouse, WarehouseError

__all__ = ["QueryResult", "VersionInfo", "Warehouse", "WarehouseError"]
