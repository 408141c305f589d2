"""Renderers turn a structured assessment result into something a person reads."""

# Rules whose result takes the crisis route: the emergency number and a crisis line, both from
# settings, on every result that is shown or printed (policy v2: thoughts of self-harm).
CRISIS_RULES = frozenset({"emergency_thoughts_of_self_harm"})
