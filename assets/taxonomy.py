"""The built-in subcategory taxonomy for each ABCD category. Coordinators add their own per
programme; these are loaded by a data migration and kept in sync by ``seed_demo``."""

from django.utils.translation import gettext_noop as N_

BUILTIN_SUBCATEGORIES: dict[str, list[tuple[str, str]]] = {
    "individuals": [
        ("skills-and-trades", N_("Skills and trades")),
        ("volunteering-time", N_("Volunteering time")),
        ("mentoring-and-coaching", N_("Mentoring and coaching")),
        ("languages-and-translation", N_("Languages and translation")),
        ("first-aid-and-care", N_("First aid and care")),
    ],
    "associations": [
        ("faith-groups", N_("Faith groups")),
        ("sports-clubs", N_("Sports clubs")),
        ("residents-associations", N_("Residents' associations")),
        ("youth-groups", N_("Youth groups")),
        ("friendship-and-support-groups", N_("Friendship and support groups")),
    ],
    "institutions": [
        ("schools-and-colleges", N_("Schools and colleges")),
        ("health-services", N_("Health services")),
        ("council-services", N_("Council services")),
        ("police-and-fire", N_("Police and fire")),
        ("libraries", N_("Libraries")),
    ],
    "physical": [
        ("venues-and-rooms", N_("Venues and rooms")),
        ("equipment", N_("Equipment")),
        ("transport", N_("Transport")),
        ("storage", N_("Storage")),
    ],
    "economic": [
        ("money-and-sponsorship", N_("Money and sponsorship")),
        ("local-businesses", N_("Local businesses")),
        ("jobs-and-training", N_("Jobs and training")),
        ("in-kind-donations", N_("In-kind donations")),
    ],
    "cultural": [
        ("arts-and-crafts", N_("Arts and crafts")),
        ("music-and-performance", N_("Music and performance")),
        ("heritage-and-history", N_("Heritage and history")),
        ("food-and-cooking", N_("Food and cooking")),
    ],
    "natural": [
        ("parks-and-green-space", N_("Parks and green space")),
        ("beaches-and-waterways", N_("Beaches and waterways")),
        ("allotments-and-gardens", N_("Allotments and gardens")),
    ],
}
