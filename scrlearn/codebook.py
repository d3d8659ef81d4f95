"""The theme codebook's ids (``shared/CONTRACT.md``) and the label scales."""

__all__ = ["THEME_IDS", "SENTENCE_LABELS", "WHY_DEPTHS"]

#: The twelve codebook themes, in contract order.
THEME_IDS = (
    "household_members", "information_sharing", "staffing_workload", "supervision_oversight",
    "risk_assessment", "voice_of_child", "domestic_abuse", "parental_mental_health",
    "substance_misuse", "non_engagement", "professional_curiosity", "equality_diversity",
)
#: Sentence labels.
SENTENCE_LABELS = ("analytical", "descriptive", "other")
#: Document why-depth levels.
WHY_DEPTHS = (0, 1, 2, 3)
