"""The pain diary's pure logic: records, validation, trends, rises and the midwife summary.

Nothing here touches a database or the network, so it can be tested and reused by the
CLI, the web pages and the exporters alike.
"""
