"""Where the seed document and today's rules differ, and which one applies on a date.

The app keeps both versions of each such rule, with effective dates, in the
data module named by `module`; this registry lets a page show the user which
version applies. The dates come from those modules, so they cannot drift. A
version whose values or first day were not confirmed by an official text says
so ("not confirmed"). Rules that differ from the source document without a
date on which they changed (the TechTAS STEM rule, the photograph, ASSG's
financial means) are in the README's table only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules import net, qmas, qmas_tables, stay, talent_list_versions, techtas, techtas_rules
from tracker.rules.gep import WAIVER_RULES
from tracker.rules.sources import QMAS_REFORM_2024, SEED, SEED_AS_OF
from tracker.rules.text import Text
from tracker.rules.versions import in_force_or_first


@dataclass(frozen=True)
class Version:
    effective_from: date
    says: str
    source: str


@dataclass(frozen=True)
class Difference:
    topic: str
    module: str
    versions: tuple[Version, ...]  # oldest (the seed's) first

    def on(self, day: date) -> Version:
        """The version that applies on *day*."""
        return in_force_or_first(self.versions, day)


def _says(text: str, confirmed: bool) -> str:
    return text if confirmed else Text("%(text)s (not confirmed)", text=text)


def _stay(scheme: str) -> tuple[Version, ...]:
    return tuple(Version(p.effective_from, Text("%(pattern)s years", pattern=p.label), p.source)
                 for p in stay.STAY_PATTERNS if scheme in p.schemes)


DIFFERENCES: tuple[Difference, ...] = (
    Difference(Text("TechTAS quota validity"), "tracker/rules/techtas_rules.py", tuple(
        Version(v.effective_from, Text("%(count)s months", count=v.months), v.source)
        for v in techtas_rules.QUOTA_VALIDITY)),
    Difference(Text("TechTAS technology areas"), "tracker/rules/techtas.py", tuple(
        Version(a.effective_from, _says(Text("%(count)s areas", count=len(a.areas)),
                                        a.confirmed), a.source)
        for a in techtas.AREA_LISTS)),
    Difference(Text("Talent List"), "tracker/rules/talent_list_versions.py", tuple(
        Version(t.effective_from, Text("%(count)s professions", count=t.declared_count),
                t.source)
        for t in talent_list_versions.TALENT_LISTS)),
    Difference(Text("Limit of stay (GEP, TechTAS, QMAS)"), "tracker/rules/stay.py",
               _stay("GEP")),
    Difference(Text("Limit of stay (ASSG)"), "tracker/rules/stay.py", _stay("ASSG")),
    Difference(Text("QMAS General Points Test"), "tracker/rules/qmas_tables.py", tuple(
        Version(v.effective_from, _says(v.label, v.confirmed), v.source)
        for v in qmas_tables.GPT_VERSIONS)),
    Difference(Text("QMAS prerequisites"), "tracker/rules/qmas.py", (
        Version(qmas.QMAS_LAUNCH, Text("aged 18+, good education, Chinese or English, "
                                       "financial requirement, good character"),
                qmas.GUIDEBOOK),
        Version(QMAS_REFORM_2024, Text("as before; whether language is still required is "
                                       "unresolved (not confirmed)"),
                qmas.LANGUAGE_2024.source),
    )),
    Difference(Text("NET requirements"), "tracker/rules/net.py", (
        Version(net.NET_START, Text("native-speaker English; a degree (not confirmed); "
                                    "TESL/TEFL experience preferred"), net.DEGREE.source),
        Version(net.SCHOOL_YEAR_2025_26, Text("native-speaker English, a degree majoring in "
                                              "English, a PGDE in English and a TEFL/TESL "
                                              "certificate, all required"), net.EDB_2025),
    )),
    Difference(Text("Extension-of-stay window"), "tracker/rules/stay.py", tuple(
        Version(w.effective_from, _says(Text("the %(period)s before the limit of stay",
                                             period=w.label), w.confirmed),
                w.source) for w in stay.EXTENSION_WINDOWS)),
    Difference(Text("GEP local-recruitment justification"), "tracker/rules/gep.py", (
        Version(SEED_AS_OF, Text("always required"), SEED),
        *(Version(w.effective_from, Text("waived for Talent List posts or pay of %(pay)s+ a "
                                         "year", pay=f"HK${w.pay_threshold_hkd:,}"), w.source)
          for w in WAIVER_RULES),
    )),
)


def applying_on(day: date) -> list[tuple[Difference, Version]]:
    """Every differing rule with the version that applies on *day*."""
    return [(d, d.on(day)) for d in DIFFERENCES]
