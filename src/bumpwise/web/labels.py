"""Words the templates show for knowledge-base enums (a plan item's kind, its evidence grade),
marked here for the interface's catalogs; the templates translate them with _()."""

from __future__ import annotations

from bumpwise.i18n import N_

# As the templates show them: `kind | pretty | capitalize`, `evidence | pretty`.
PLAN_KINDS = (N_("Exercise"), N_("Stretch"), N_("Movement"), N_("Posture"), N_("Sleep"), N_("Sitting"),
              N_("Lifting"), N_("Support"), N_("Heat cold"), N_("Massage"), N_("Footwear"), N_("Pacing"),
              N_("Hydration nutrition"), N_("Care team"), N_("Medication advice"))
EVIDENCE = (N_("moderate"), N_("low"), N_("very low"), N_("guideline"), N_("expert advice"))
