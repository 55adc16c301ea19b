"""The face views call: one module per upstream resource, one method per upstream operation.

Each method reads or writes through ``base.Api`` and answers records; pagination, caching and
cache invalidation stay in ``base``.
"""
