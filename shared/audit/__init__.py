"""Who did what (issue 17, finding 6): every write a service makes on behalf of a caller
records the acting organisation and role, in the same transaction as the write.

``records.py`` is the pure part (``AuditRecord``, ``audit_record``), ``tables.py`` the
table each service adds to its own schema (``add_audit_table``), ``repository.py`` the
adapter. An admin acting on another organisation's object is also an event of its own
(``AdminActed``, ``shared/contracts/audit.py``); each service lists its records at
``GET /v1/audit``: an organisation sees the records about its own objects, an admin all.
"""
