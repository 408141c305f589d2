"""Problems found in the knowledge base (no pydantic or YAML here, so a command can catch them
without loading either)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base did not validate; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" +
                         "\n".join(f"  {p}" for p in problems))
